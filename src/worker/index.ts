/**
 * The Cloudflare Worker entry (wrangler.toml `main`): query endpoint, authenticated sql/v1
 * proxy, playground. Wires the real client and emulator into the router in `app.ts`.
 *
 * With no Confluent secrets the Worker hosts the emulator in its isolate (one per isolate,
 * created on first use) on a request-pumped clock (see pumped-clock.ts), so `wrangler dev`
 * and `npm start` work offline.
 *
 * Must not import Node built-ins. The emulator is only reached through `emulator()`, so a
 * deployment with Confluent secrets never starts it.
 */
import { connect, formatType } from "../index.ts";
import { createEmulator } from "../emulator/index.ts";
import { createApp, type AppDeps, type HostedEmulator, type WorkerContext } from "./app.ts";
import type { WorkerEnv } from "./config.ts";
import type { QueryConnection } from "./query.ts";
import { PumpedClock } from "./pumped-clock.ts";
import type { LogicalType } from "../types/model.ts";

let hosted: HostedEmulator | undefined;

function emulator(): HostedEmulator {
  if (hosted) return hosted;
  const clock = new PumpedClock();
  // Phases move right after each answer (like the emulator's "instant" mode) on this clock.
  const emu = createEmulator({ clock, timing: { pendingMs: 0, stoppingMs: 0, deletingMs: 0 } });
  const created: HostedEmulator = {
    connectOptions: emu.connectOptions,
    fetch(request: Request): Promise<Response> {
      clock.pump();
      return emu.fetch(request);
    },
  };
  hosted = created;
  return created;
}

const deps: AppDeps = {
  connect: (options) => connect(options as unknown as Parameters<typeof connect>[0]) as unknown as QueryConnection,
  emulator,
  formatType: (t) => formatType(t as LogicalType),
};

const app = createApp(deps);

export default {
  fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    return app(request, env, ctx);
  },
};
