/**
 * Every example in the playground's menu runs, through the public client against the emulator
 * the playground talks to: streaming examples produce rows over the example tables' history
 * (advancing the clock where a window must close), snapshot examples complete, and the typo
 * example fails with its code. A menu entry that stopped working would otherwise show up only
 * in a browser.
 */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/emulator/index.ts";
import { EXAMPLES } from "../../playground/ui.ts";
import { freshConnections } from "../support/emulated-connection.ts";

const open = freshConnections();
const fast = { idleBackoff: { initialMs: 2, maxMs: 10, jitter: 0 } };

describe("playground examples", () => {
  for (const example of EXAMPLES) {
    it(`${example.label}`, async () => {
      const clock = new ManualClock(Date.UTC(2026, 0, 1));
      const conn = open(clock);
      if (/^Error/.test(example.label)) {
        await expect(conn.query(example.sql)).rejects.toMatchObject({ code: "STATEMENT_FAILED" });
        return;
      }
      if (example.mode === "snapshot") {
        const result = await conn.query(example.sql);
        expect(result.rows.length).toBeGreaterThan(0);
        return;
      }
      const cur = conn.streamingCursor(fast);
      await cur.execute(example.sql);
      const rows: unknown[] = [];
      for (let i = 0; i < 200 && rows.length === 0; i++) {
        rows.push(...(await cur.fetchMany(50)));
        if (rows.length === 0) clock.advance(1000);
      }
      expect(rows.length).toBeGreaterThan(0);
      expect(cur.description!.length).toBeGreaterThan(1);
      await cur.close();
    });
  }
});
