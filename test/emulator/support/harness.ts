/**
 * Test harness: an emulator with a scripted engine and a tiny authenticated HTTP helper that
 * talks to `emu.fetch` (or any base URL) and returns status, headers and parsed JSON.
 */
import { createEmulator, ManualClock, type Emulator, type EmulatorOptions } from "../../../src/emulator/index.ts";
import { ScriptedEngine } from "./scripted-engine.ts";

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export interface Harness {
  emu: Emulator;
  engine: ScriptedEngine;
  clock: ManualClock | null;
  /** `/sql/v1/organizations/<org>/environments/<env>/statements` (path only). */
  base: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  create(name: string, sql: string, extra?: Record<string, unknown>): Promise<Reply>;
  /** The same helpers, sending to `origin` with `fetchFn` (e.g. a listener and the real fetch). */
  via(origin: string, fetchFn: typeof fetch): Harness;
}

export function basicAuth(key: string, secret: string): string {
  return `Basic ${btoa(`${key}:${secret}`)}`;
}

export function makeHarness(options: EmulatorOptions & { manual?: boolean } = {}): Harness {
  const engine = new ScriptedEngine();
  const clock = options.manual ? new ManualClock() : null;
  const emu = createEmulator({ engine: () => engine, ...(clock ? { clock } : {}), ...options });
  return bind(emu, engine, clock, emu.connectOptions.endpoint, emu.fetch);
}

function bind(emu: Emulator, engine: ScriptedEngine, clock: ManualClock | null, origin: string, doFetch: typeof fetch): Harness {
  const auth = basicAuth(emu.connectOptions.flinkApiKey, emu.connectOptions.flinkApiSecret);
  const base = `/sql/v1/organizations/${emu.organizationId}/environments/${emu.environmentId}/statements`;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const url = path.startsWith("http") ? path : `${origin}${path}`;
    const res = await doFetch(url, {
      method,
      headers: {
        Authorization: auth,
        Accept: "application/json",
        ...(body !== undefined ? { "Content-Type": method === "PATCH" ? "application/json-patch+json" : "application/json" } : {}),
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
  const create = (name: string, sql: string, extra: Record<string, unknown> = {}) => {
    const { spec, ...rest } = extra as { spec?: Record<string, unknown> };
    return call("POST", base, {
      name,
      organization_id: emu.organizationId,
      environment_id: emu.environmentId,
      spec: { statement: sql, ...spec },
      ...rest,
    });
  };
  return { emu, engine, clock, base, call, create, via: (o, f) => bind(emu, engine, clock, o, f) };
}
