/** Fakes shared by the Worker's unit tests. */
import type { QueryConnection } from "../../../src/worker/query.ts";

/** A fake connection whose cursors record what happened (in `opts.log` when given). */
export function fakeConnection(opts: { fail?: Error; rows?: unknown[][]; events?: unknown[]; log?: string[] }) {
  const log: string[] = opts.log ?? [];
  const conn: QueryConnection = {
    cursor() {
      let rows = [...(opts.rows ?? [])];
      return {
        description: [["id", "INTEGER"]],
        statementName: "snap-1",
        async execute(sql: string, params?: readonly unknown[]) {
          log.push(`execute ${sql} ${JSON.stringify(params ?? null)}`);
          if (opts.fail) throw opts.fail;
        },
        async fetchMany(n = 1) {
          const out = rows.slice(0, n);
          rows = rows.slice(n);
          return out;
        },
        async close() {
          log.push("close");
        },
      };
    },
    streamingCursor() {
      let i = 0;
      return {
        description: [{ name: "k", typeCode: "STRING" }, { name: "c", typeCode: "BIGINT" }],
        statementName: "stream-1",
        returnsChangelog: true,
        async execute(sql: string) {
          log.push(`execute-streaming ${sql}`);
          if (opts.fail) throw opts.fail;
        },
        stream() {
          return new ReadableStream({
            pull(controller) {
              const e = (opts.events ?? [])[i++];
              if (e === undefined) return new Promise(() => {}); // unbounded: no more rows yet
              controller.enqueue(e);
            },
            cancel() {
              log.push("stream-cancel");
            },
          });
        },
        async close() {
          log.push("close");
        },
      };
    },
  };
  return { conn, log };
}
