/**
 * The runtime-matrix scenario: the same four checks in every runtime (Node, Deno, Bun, workerd,
 * Chromium), run against the BUILT bundles, never the sources.
 *
 * Portable on purpose: plain ESM, web APIs only (no Node built-ins, no TypeScript), so Deno, Bun,
 * workerd and a browser page can import this file unchanged. It returns a JSON-safe summary that
 * the vitest side asserts with `expect.ts` (one set of expectations for all runtimes).
 */

/** SQL the scenario runs; the expectations in expect.ts match these. */
export const SQL = {
  snapshot: "SELECT id, name FROM (VALUES (1, 'alpha'), (2, 'beta')) AS t(id, name)",
  params: "SELECT %s AS answer, %s AS quote",
  paramValues: [42, "it's"],
  // A table written while a streaming aggregate reads it: the aggregate must retract and update.
  createTable: (t) => `CREATE TABLE ${t} (k STRING)`,
  insertFirst: (t) => `INSERT INTO ${t} VALUES ('a'), ('b')`,
  insertLater: (t) => `INSERT INTO ${t} VALUES ('a')`,
  streaming: (t) => `SELECT k, COUNT(*) AS c FROM ${t} GROUP BY k`,
  error: "SELEC 1",
};

/** JSON-safe copy: bigint -> "123n"-free decimal string, Uint8Array -> array, objects with toString -> string. */
export function plain(value) {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Uint8Array) return Array.from(value);
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null && typeof value.toString === "function") return String(value);
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

function columnOf(d) {
  // DB-API description entries may be tuples or objects; accept both.
  if (Array.isArray(d)) return [String(d[0]), String(d[1])];
  return [String(d.name), String(d.typeCode ?? d.type_code ?? "")];
}

async function withTimeout(ms, what, fn) {
  const controller = new AbortController();
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`scenario: ${what} took longer than ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs the four checks with a connection made by `makeConnection()`.
 * Each check is recorded separately so one failure does not hide the others.
 */
export async function runScenario(makeConnection, { runtime, timeoutMs = 15_000 } = {}) {
  const result = { runtime, snapshot: null, params: null, streaming: null, error: null, failures: {} };
  const conn = await makeConnection();

  const check = async (name, fn) => {
    try {
      result[name] = await withTimeout(timeoutMs, name, fn);
    } catch (e) {
      result.failures[name] = `${e?.name ?? "Error"}: ${e?.code ?? ""} ${e?.message ?? String(e)}`;
    }
  };

  await check("snapshot", async (signal) => {
    const cur = conn.cursor();
    await cur.execute(SQL.snapshot, undefined, { signal });
    const columns = cur.description.map(columnOf);
    const rows = plain(await cur.fetchAll());
    const rowCount = cur.rowCount;
    await cur.close();
    return { columns, rows, rowCount };
  });

  await check("params", async (signal) => {
    const cur = conn.cursor({ asDict: true });
    await cur.execute(SQL.params, SQL.paramValues, { signal });
    const rows = plain(await cur.fetchAll());
    await cur.close();
    return { rows };
  });

  await check("streaming", async (signal) => {
    const table = `words_${Math.random().toString(36).slice(2, 8)}`;
    await conn.executeSnapshotDdl(SQL.createTable(table), undefined, { signal });
    const run = async (sql) => {
      const c = conn.cursor();
      await c.execute(sql, undefined, { signal });
      await c.close();
    };
    await run(SQL.insertFirst(table));
    const cur = conn.streamingCursor();
    await cur.execute(SQL.streaming(table), undefined, { signal });
    const returnsChangelog = cur.returnsChangelog;
    const reader = cur.stream().getReader();
    const events = [];
    // Fold of the changelog by key (k); a row is removed by -U/-D of its current value.
    const state = new Map();
    const read = async (until) => {
      while (!until()) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended early after ${JSON.stringify(events)}`);
        const row = plain(value.row);
        events.push([value.op, ...row]);
        const key = JSON.stringify(row.slice(0, 1));
        if (value.op === "+I" || value.op === "+U") state.set(key, Number(row[1]));
        else if (state.get(key) === Number(row[1])) state.delete(key);
      }
    };
    await read(() => state.get('["a"]') === 1 && state.get('["b"]') === 1);
    // Rows written after the query started reach it as an update of the running aggregate.
    await run(SQL.insertLater(table));
    await read(() => state.get('["a"]') === 2);
    const name = cur.statementName;
    // Cancelling the stream stops the statement this client started.
    await reader.cancel();
    const phaseAfterCancel = (await conn.getStatement(name, { signal })).phase;
    await cur.close();
    return { returnsChangelog, events, final: Object.fromEntries(state), phaseAfterCancel };
  });

  await check("error", async (signal) => {
    const cur = conn.cursor();
    try {
      await cur.execute(SQL.error, undefined, { signal });
      return { thrown: false };
    } catch (e) {
      return {
        thrown: true,
        name: e?.name,
        code: e?.code,
        statementName: typeof e?.statementName === "string",
        detail: String(e?.detail ?? e?.message ?? ""),
      };
    } finally {
      await cur.close().catch(() => {});
    }
  });

  await conn.close?.();
  return result;
}

/**
 * Convenience for runtimes that host the emulator in process: the bundles' namespaces in,
 * the scenario's result out.
 */
export async function runInProcess(client, emulator, options) {
  const emu = emulator.createEmulator({});
  try {
    return await runScenario(() => client.connect({ ...emu.connectOptions, fetch: emu.fetch }), options);
  } finally {
    await emu.close?.();
  }
}
