/**
 * A Node-side emulator on 127.0.0.1 (port 0) for runtimes that reach it over real HTTP.
 * Loaded from the built package entry, like a user would.
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { DIST } from "./support.ts";

export interface HttpEmulator {
  url: string;
  port: number;
  /** connect() options pointing at the listener (no in-process fetch), control plane included. */
  connectOptions: Record<string, unknown>;
  /** controlPlane() options: the emulator's key pairs and Kafka cluster id. */
  controlPlaneOptions: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startHttpEmulator(): Promise<HttpEmulator> {
  const mod = (await import(pathToFileURL(join(DIST, "emulator.js")).href)) as {
    createEmulator(options: Record<string, unknown>): {
      connectOptions: Record<string, unknown>;
      controlPlaneOptions: Record<string, unknown>;
      listen(o: { port: number; hostname?: string }): Promise<{ url: string; connectOptions: Record<string, unknown>; close(): Promise<void> }>;
      close?(): Promise<void> | void;
    };
  };
  const emu = mod.createEmulator({});
  const server = await emu.listen({ port: 0 });
  const url = server.url.replace(/\/$/, "");
  // The server's options: both the gateway and the control plane point at the listener.
  const { fetch: _fetch, cloudProvider: _p, cloudRegion: _r, ...rest } = server.connectOptions;
  return {
    url,
    port: Number(new URL(url).port),
    connectOptions: { ...rest, endpoint: url, controlPlaneEndpoint: url },
    controlPlaneOptions: emu.controlPlaneOptions,
    async close() {
      await server.close();
      await emu.close?.();
    },
  };
}
