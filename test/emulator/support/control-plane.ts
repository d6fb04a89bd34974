/**
 * Control-plane test support: an emulator (the real SQL engine unless told otherwise) on a
 * ManualClock with round delays, a raw authenticated `call` against its fetch, and a helper
 * that creates tables through sql/v1 so Tableflow has topics to find.
 */
import { expect } from "vitest";
import { createEmulator, ManualClock, type Emulator, type EmulatorOptions } from "../../../src/emulator/index.ts";
import { basicAuth, type Reply } from "./harness.ts";

/** The delays the control-plane tests step through. */
export const TIMING = { pendingMs: 1000, stoppingMs: 500, deletingMs: 300, failingMs: 0 } as const;

export interface ControlPlaneHarness {
  readonly emu: Emulator;
  readonly clock: ManualClock;
  readonly env: string;
  /** The first database's cluster id (`lkc-emu001` by default). */
  readonly lkc: string;
  /** `/connect/v1/environments/<env>/clusters/<lkc>/connectors`. */
  readonly connectors: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Runs DDL in the first database and waits (on the clock) for it to complete. */
  sql(statement: string): Promise<void>;
}

let statementSeq = 0;

export function controlPlane(options: EmulatorOptions = {}): ControlPlaneHarness {
  const clock = new ManualClock();
  const emu = createEmulator({ clock, timing: TIMING, ...options });
  const auth = basicAuth(emu.connectOptions.flinkApiKey, emu.connectOptions.flinkApiSecret);
  const origin = emu.connectOptions.endpoint;
  const env = emu.environmentId;
  const lkc = (options.databases ?? [{ id: "lkc-emu001" }])[0]!.id;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const res = await emu.fetch(path.startsWith("http") ? path : `${origin}${path}`, {
      method,
      headers: {
        Authorization: auth,
        Accept: "application/json",
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = undefined;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  const sql = async (statement: string): Promise<void> => {
    const name = `ddl-${statementSeq++}`;
    const base = `/sql/v1/organizations/${emu.organizationId}/environments/${env}/statements`;
    const created = await call("POST", base, {
      name,
      spec: { statement, properties: { "sql.current-catalog": env, "sql.current-database": emu.connectOptions.database } },
    });
    expect(created.status, created.text).toBe(201);
    clock.advance(TIMING.pendingMs);
    const done = await call("GET", `${base}/${name}`);
    expect(done.body.status.phase, done.text).toBe("COMPLETED");
  };
  return { emu, clock, env, lkc, connectors: `/connect/v1/environments/${env}/clusters/${lkc}/connectors`, call, sql };
}
