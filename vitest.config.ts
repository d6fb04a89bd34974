import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores, shared machine: keep the pool small so timing-sensitive streaming tests stay calm.
    maxWorkers: 2,
  },
});
