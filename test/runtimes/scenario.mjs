/**
 * The runtime-matrix scenario: the same four checks in every runtime (Node, Deno, Bun, workerd,
 * Chromium), run against the BUILT bundles, never the sources; plus a fifth, the control plane
 * (Tableflow and connectors) through the built control-plane bundle.
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
  // The control-plane step: a table is a topic, so Tableflow can be enabled for it.
  controlPlaneTable: (t) => `CREATE TABLE ${t} (id INT, amount DOUBLE)`,
};

/** The connector config of the control-plane step; its secret must come back masked. */
export const CONNECTOR = {
  secret: "scenario-secret-value",
  config: (topic) => ({
    "connector.class": "DatagenSource",
    "kafka.api.key": "SCENARIOKEY",
    "kafka.api.secret": CONNECTOR.secret,
    "kafka.topic": topic,
    quickstart: "ORDERS",
  }),
};

/** The control plane's waits poll; the emulator's phases move on right after each answer. */
const FAST_POLL = { initialMs: 1, maxMs: 20 };

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
 * Runs the four checks with a connection made by `makeConnection()`, and the control-plane check
 * when `controlPlane` is given: `{ bundle, connectOptions, options }`, the control-plane bundle's
 * namespace, connect() options for it, and the emulator's `controlPlaneOptions`. Without it the
 * check is recorded as a failure, so no runtime can drop it silently.
 * Each check is recorded separately so one failure does not hide the others.
 */
export async function runScenario(makeConnection, { runtime, timeoutMs = 15_000, controlPlane } = {}) {
  const result = { runtime, snapshot: null, params: null, streaming: null, error: null, controlPlane: null, failures: {} };
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

  await check("controlPlane", async (signal) => {
    if (!controlPlane) throw new Error("no control-plane bundle given to this runtime's scenario");
    return await controlPlaneCheck(controlPlane, conn, signal);
  });

  await conn.close?.();
  return result;
}

/**
 * Tableflow on a table made with SQL, a connector with a secret, both deleted, and the coded
 * errors of the control plane. The connection is the control-plane bundle's own: that bundle
 * carries its copy of the core client, and controlPlane() accepts only connections of that copy
 * (`coreConnection` records what one of the core bundle's connections gets).
 */
async function controlPlaneCheck({ bundle, connectOptions, options }, coreConn, signal) {
  const suffix = Math.random().toString(36).slice(2, 8);
  const table = `orders_${suffix}`;
  const connectorName = `gen-${suffix}`;
  // One copy of the error hierarchy: the exported subclass, its core parent and the root all match.
  const caught = (e, exportedClass) => ({
    name: e?.name,
    code: e?.code,
    isExportedClass: e instanceof exportedClass,
    isIntegrityError: e instanceof bundle.IntegrityError,
    isProgrammingError: e instanceof bundle.ProgrammingError,
    isConfluentSqlError: e instanceof bundle.ConfluentSqlError,
  });
  const expectFailure = async (exportedClass, fn) => {
    try {
      await fn();
      return { thrown: false };
    } catch (e) {
      return { thrown: true, ...caught(e, exportedClass) };
    }
  };

  let coreConnection;
  try {
    bundle.controlPlane(coreConn, options);
    coreConnection = "accepted";
  } catch (e) {
    coreConnection = e?.code ?? String(e);
  }

  const conn = bundle.connect(connectOptions);
  try {
    const cp = bundle.controlPlane(conn, { ...options, poll: FAST_POLL });
    await conn.executeSnapshotDdl(SQL.controlPlaneTable(table), undefined, { signal });

    const storage = { kind: "Managed" };
    const enabled = await cp.enableTableflow(table, { formats: ["ICEBERG"], storage, signal });
    const read = await cp.getTableflow(table, { signal });
    const enableAgain = await expectFailure(bundle.TableflowTopicAlreadyExistsError, () => cp.enableTableflow(table, { formats: ["ICEBERG"], storage, signal }));

    const created = await cp.createConnector(connectorName, CONNECTOR.config(table), { signal });
    const readConnector = await cp.getConnector(connectorName, { signal });
    await cp.deleteConnector(connectorName, { signal });
    const connectorAfterDelete = await expectFailure(bundle.ConnectorNotFoundError, () => cp.getConnector(connectorName, { signal }));

    await cp.disableTableflow(table, { signal });
    const tableflowAfterDisable = await expectFailure(bundle.TableflowTopicNotFoundError, () => cp.getTableflow(table, { signal }));

    return {
      coreConnection,
      tableflow: {
        tableMatches: enabled.tableName === table && read.tableName === table,
        phase: enabled.phase,
        readPhase: read.phase,
        formats: read.spec.tableFormats,
        storageKind: read.spec.storage?.kind ?? null,
        writeMode: read.status.writeMode,
        kafkaClusterIdMatches: read.spec.kafkaClusterId === options.kafkaClusterId,
      },
      enableAgain,
      connector: {
        nameMatches: created.name === connectorName,
        state: created.state,
        readState: readConnector.state,
        connectorClass: created.spec.connectorClass,
        maskedSecret: created.spec.config["kafka.api.secret"],
        readMaskedSecret: readConnector.spec.config["kafka.api.secret"],
        secretLeaked: JSON.stringify([created, readConnector]).includes(CONNECTOR.secret),
      },
      connectorAfterDelete,
      tableflowAfterDisable,
    };
  } finally {
    await conn.close();
  }
}

/**
 * Convenience for runtimes that host the emulator in process: the bundles' namespaces in,
 * the scenario's result out. `controlPlaneBundle` is the control-plane bundle's namespace; it
 * talks to the same emulator.
 */
export async function runInProcess(client, emulator, controlPlaneBundle, options) {
  const emu = emulator.createEmulator({});
  const connectOptions = { ...emu.connectOptions, fetch: emu.fetch };
  const controlPlane = controlPlaneBundle && { bundle: controlPlaneBundle, connectOptions, options: emu.controlPlaneOptions };
  try {
    return await runScenario(() => client.connect(connectOptions), { ...options, controlPlane });
  } finally {
    await emu.close?.();
  }
}
