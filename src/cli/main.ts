/**
 * The CLI's commands over an injected I/O surface (stdout, stderr, environment, interrupts), so
 * tests can run them in process and the entry (`index.ts`) wires the real process.
 *
 * Exit codes: 0 success, 1 a failed query or API call (coded error on stderr), 2 usage errors.
 * Errors print `CODE: message` and the server's detail; never credentials.
 */
import { connect, decimal, formatType, type ConnectOptions, type Connection } from "../index.ts";
import { createEmulator, type Emulator } from "../emulator/index.ts";
import { controlPlane, type ControlPlane } from "../control-plane/index.ts";
import { paramValue, parseArgs, USAGE, UsageError, type Command, type ControlPlaneCommand } from "./args.ts";
import { runControlPlaneCommand } from "./control-plane-commands.ts";
import { connectOptionsFromEnv, controlPlaneOptionsFromEnv, envForEmulator } from "./env.ts";
import { cellText, formatCsv, formatRows, jsonValue, ndjsonLine, rowObject, rowValues, type OutColumn } from "./format.ts";
import { LiveTable, type TableChange } from "./live.ts";
import { startProgress } from "./progress.ts";

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface CliIo {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Registers a Ctrl+C handler; returns its remover. */
  onInterrupt(handler: () => void): () => void;
  readonly version: string;
  /** Reads a text file (`connectors create --config`); default Node's `fs.readFile`. */
  readTextFile?(path: string): Promise<string>;
}

// The env-built options are checked by connect() itself (a coded ConfigError for bad ones).
const connectTo = (options: ConnectOptions | Record<string, unknown>): Connection => connect(options as ConnectOptions);
const startEmulator = (): Emulator => createEmulator({});

/**
 * Runs one command line.
 *
 * @example await main(["query", "SELECT 1", "--emulator", "--format", "csv"], io) // 0, "EXPR$0\r\n1\r\n"
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e);
    throw e;
  }
  switch (command.kind) {
    case "help":
      io.stdout.write(USAGE);
      return 0;
    case "version":
      io.stdout.write(`confluent-sql ${io.version}\n`);
      return 0;
    case "emulator":
      return serveEmulator(command, io);
    case "tableflow":
    case "connectors":
    case "cluster-id":
      return controlPlaneCommand(command, io);
    default:
      break;
  }

  let session: { conn: Connection; emulator?: Emulator };
  try {
    session = openConnection(command, io);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e);
    printError(io, e);
    return 1;
  }
  try {
    if (command.kind === "query") return await (command.streaming ? streamingQuery(command, session.conn, io) : snapshotQuery(command, session.conn, io));
    return await statements(command, session.conn, io);
  } catch (e) {
    printError(io, e);
    return 1;
  } finally {
    await session.conn.close?.().catch(() => {});
    await session.emulator?.close?.();
  }
}

/** Runs a tableflow, connectors or cluster-id command: its own session, so it can take --emulator. */
async function controlPlaneCommand(command: ControlPlaneCommand, io: CliIo): Promise<number> {
  let session: { conn: Connection; cp: ControlPlane; emulator?: Emulator };
  try {
    session = openControlPlane(command, io);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e);
    printError(io, e);
    return 1;
  }
  try {
    return await runControlPlaneCommand(command, session.cp, io);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e);
    printError(io, e);
    const code = (e as { code?: unknown } | null)?.code;
    if (command.emulator && typeof code === "string" && NOT_FOUND_CODES.includes(code)) {
      io.stderr.write("(--emulator starts an empty emulator for this one command: for tables, Tableflow topics and connectors that last, run `confluent-sql emulator` and export what it prints)\n");
    }
    return 1;
  } finally {
    await session.conn.close?.().catch(() => {});
    await session.emulator?.close?.();
  }
}

const NOT_FOUND_CODES: readonly string[] = ["NOT_FOUND", "TABLEFLOW_TOPIC_NOT_FOUND", "CONNECTOR_NOT_FOUND"];

/**
 * The connection and control-plane helper of a control-plane command: an in-process emulator
 * with its dedicated pairs and cluster id (--emulator), or the CONFLUENT_* variables.
 */
function openControlPlane(command: ControlPlaneCommand, io: CliIo): { conn: Connection; cp: ControlPlane; emulator?: Emulator } {
  if (command.emulator) {
    const emu = startEmulator();
    const conn = connectTo({ ...emu.connectOptions, fetch: emu.fetch });
    // The in-process emulator settles at once (instant clock): poll it briskly rather than at the cloud's pace.
    return { conn, cp: controlPlane(conn, { ...emu.controlPlaneOptions, poll: { initialMs: 5, maxMs: 100 } }), emulator: emu };
  }
  const options = connectOptionsFromEnv(io.env);
  if (options === null) {
    throw new UsageError(
      "no connection settings: set CONFLUENT_CLOUD_API_KEY and CONFLUENT_CLOUD_API_SECRET (or CONFLUENT_FLINK_API_KEY, CONFLUENT_FLINK_API_SECRET and CONFLUENT_ORG_ID), " +
        "CONFLUENT_ENV_ID, CONFLUENT_CLOUD_PROVIDER and CONFLUENT_CLOUD_REGION (or CONFLUENT_ENDPOINT)",
      { code: "NO_CONNECTION_SETTINGS", hint: "Or add --emulator to use an in-process emulator, or start `confluent-sql emulator` and export the CONFLUENT_* variables it prints." },
    );
  }
  const conn = connectTo(options);
  try {
    return { conn, cp: controlPlane(conn, controlPlaneOptionsFromEnv(io.env)) };
  } catch (e) {
    void conn.close?.().catch(() => {});
    throw e;
  }
}

/** Prints a usage error (its code, and its hint or the pointer to --help); exit code 2. */
function usageError(io: CliIo, e: UsageError): number {
  io.stderr.write(`confluent-sql: ${e.code}: ${e.message}\n${e.hint ?? "Run confluent-sql --help for usage."}\n`);
  return 2;
}

function openConnection(command: Extract<Command, { kind: "query" | "statements" }>, io: CliIo): { conn: Connection; emulator?: Emulator } {
  if (command.kind === "query" && command.emulator) {
    const emu = startEmulator();
    return { conn: connectTo({ ...emu.connectOptions, fetch: emu.fetch }), emulator: emu };
  }
  const options = connectOptionsFromEnv(io.env);
  if (options === null) {
    throw new UsageError(
      "no connection settings: set CONFLUENT_FLINK_API_KEY, CONFLUENT_FLINK_API_SECRET, CONFLUENT_ORG_ID, CONFLUENT_ENV_ID, " +
        "CONFLUENT_CLOUD_PROVIDER and CONFLUENT_CLOUD_REGION (or CONFLUENT_ENDPOINT)",
      {
        code: "NO_CONNECTION_SETTINGS",
        hint:
          command.kind === "query"
            ? "Or add --emulator to run the query against an in-process emulator."
            : "Or start `confluent-sql emulator` and export the CONFLUENT_* variables it prints.",
      },
    );
  }
  return { conn: connectTo(options) };
}

function columnsOf(description: readonly unknown[] | null): OutColumn[] {
  return (description ?? []).map((d) => {
    if (Array.isArray(d)) return { name: String(d[0]), type: String(d[1] ?? "") };
    const o = d as Record<string, unknown>;
    if (typeof o.typeName === "string") return { name: String(o.name), type: o.typeName };
    let type = String(o.typeCode ?? "");
    if (typeof o.type === "string") type = o.type;
    else if (o.type !== undefined && o.type !== null) type = formatType(o.type as Parameters<typeof formatType>[0]);
    return { name: String(o.name), type };
  });
}

function params(values: readonly string[]): unknown[] | undefined {
  if (values.length === 0) return undefined;
  return values.map((v) => paramValue(v, decimal));
}

async function snapshotQuery(cmd: Extract<Command, { kind: "query" }>, conn: Connection, io: CliIo): Promise<number> {
  const cur = conn.cursor();
  const abort = new AbortController();
  const timer = cmd.timeoutMs === undefined ? undefined : setTimeout(() => abort.abort(), cmd.timeoutMs);
  const removeInterrupt = io.onInterrupt(() => abort.abort());
  const stop = startProgress(io.stderr, "running statement");
  try {
    await cur.execute(cmd.sql, params(cmd.params), { signal: abort.signal });
    stop();
    if (cur.description === null) {
      // DDL, INSERT INTO ...: no result set; say what happened.
      const st = (cur as { statement?: { name?: string; phase?: string } | null }).statement;
      io.stderr.write(`${st?.phase ?? "done"}${st?.name ? ` (${st.name})` : ""}\n`);
      return 0;
    }
    // With a limit, read just that many rows: closing the cursor then leaves the rest unread.
    const rows = cmd.limit === undefined ? await cur.fetchAll() : await cur.fetchMany(cmd.limit);
    io.stdout.write(formatRows(cmd.format, columnsOf(cur.description), rows));
    return 0;
  } finally {
    stop();
    clearTimeout(timer);
    removeInterrupt();
    await cur.close().catch(() => {});
  }
}

async function streamingQuery(cmd: Extract<Command, { kind: "query" }>, conn: Connection, io: CliIo): Promise<number> {
  const cur = conn.streamingCursor();
  const abort = new AbortController();
  let ending = false;
  let reader: ReadableStreamDefaultReader<unknown> | undefined;
  const end = (): void => {
    ending = true;
    abort.abort();
    void reader?.cancel().catch(() => {});
  };
  const timer = cmd.timeoutMs === undefined ? undefined : setTimeout(end, cmd.timeoutMs);
  const removeInterrupt = io.onInterrupt(end);
  const stop = startProgress(io.stderr, "starting streaming statement");
  let redrawTimer: ReturnType<typeof setInterval> | undefined;
  try {
    try {
      await cur.execute(cmd.sql, params(cmd.params), { signal: abort.signal });
    } catch (e) {
      if (ending) return 0;
      throw e;
    }
    stop();
    const columns = columnsOf(cur.description);
    const changelog = cur.returnsChangelog;
    const live = cmd.format === "table" || cmd.format === "json";
    let counter = 0;
    let source: ReadableStream<unknown>;
    // The live views show a table: a changelog materialised by the client, or rows appended.
    if (live && changelog) source = cur.changes({ onMissing: "ignore" });
    else source = cur.stream();
    if (live && !changelog) {
      source = source.pipeThrough(
        new TransformStream<unknown, TableChange>({
          transform(row, controller) {
            controller.enqueue({ type: "insert", id: String(counter++), row });
          },
        }),
      );
    }
    reader = source.getReader();
    const table = new LiveTable(columns);
    if (cmd.format === "csv") {
      const header = formatCsv(changelog ? [{ name: "op", type: "" }, ...columns] : columns, []);
      io.stdout.write(header);
    }
    let events = 0;
    let lastDraw = 0;
    let dirty = false;
    // Throttled redraws can leave the tail of a burst undrawn; a timer catches up.
    redrawTimer =
      io.stdout.isTTY && cmd.format === "table"
        ? setInterval(() => {
            if (!dirty) return;
            dirty = false;
            lastDraw = Date.now();
            io.stdout.write(table.redraw());
          }, 250)
        : undefined;
    for (;;) {
      let step: ReadableStreamReadResult<unknown>;
      try {
        step = await reader.read();
      } catch (e) {
        if (ending) break;
        throw e;
      }
      if (step.done) break;
      events++;
      const value = step.value;
      if (live) {
        table.apply(value as TableChange);
        dirty = true;
        if (io.stdout.isTTY && cmd.format === "table" && Date.now() - lastDraw > 100) {
          io.stdout.write(table.redraw());
          lastDraw = Date.now();
          dirty = false;
        }
      } else {
        const isChange = changelog && value !== null && typeof value === "object" && "op" in value && "row" in value;
        const op = isChange ? String((value as { op: unknown }).op) : undefined;
        const row = isChange ? (value as { row: unknown }).row : value;
        if (cmd.format === "ndjson") io.stdout.write(ndjsonLine(op === undefined ? rowObject(row, columns) : { op, ...rowObject(row, columns) }));
        else {
          const cells = rowValues(row, columns).map((v) => cellText(v, ""));
          io.stdout.write(csvLine(op === undefined ? cells : [op, ...cells]));
        }
      }
      if (cmd.limit !== undefined && events >= cmd.limit) {
        end();
        break;
      }
    }
    clearInterval(redrawTimer);
    if (live) {
      if (cmd.format === "json") io.stdout.write(`${JSON.stringify({ columns, rows: table.rows().map((r) => rowObject(r, columns)) }, jsonValue, 2)}\n`);
      else io.stdout.write(io.stdout.isTTY ? table.redraw() : table.render(false));
    }
    return 0;
  } finally {
    stop();
    clearTimeout(timer);
    clearInterval(redrawTimer);
    removeInterrupt();
    await reader?.cancel().catch(() => {});
    await cur.close().catch(() => {});
  }
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map((s) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s)).join(",")}\r\n`;
}

async function statements(cmd: Extract<Command, { kind: "statements" }>, conn: Connection, io: CliIo): Promise<number> {
  const name = cmd.name as string;
  switch (cmd.action) {
    case "list": {
      const all: unknown[] = [];
      for await (const s of conn.listStatements()) all.push(s);
      const columns: OutColumn[] = [
        { name: "name", type: "" },
        { name: "phase", type: "" },
        { name: "created_at", type: "" },
        { name: "statement", type: "" },
      ];
      const rows = all.map((s) => {
        const x = summary(s);
        return [x.name, x.phase, x.createdAt, x.sql];
      });
      io.stdout.write(cmd.format === "table" ? formatRows("table", columns, rows).replace(/^([^\n]*\n)[^\n]*\n/, "$1") : formatRows(cmd.format, columns, rows));
      return 0;
    }
    case "get": {
      const st = await conn.getStatement(name);
      const raw = (st as { raw?: unknown }).raw ?? st;
      io.stdout.write(`${JSON.stringify(raw, jsonValue, 2)}\n`);
      return 0;
    }
    case "stop":
      await conn.stopStatement(name);
      io.stderr.write(`stopped ${name}\n`);
      return 0;
    case "resume":
      await conn.resumeStatement(name);
      io.stderr.write(`resumed ${name}\n`);
      return 0;
    case "delete":
      await conn.deleteStatement(name);
      io.stderr.write(`deleted ${name}\n`);
      return 0;
  }
}

function summary(s: unknown): { name: string; phase: string; sql: string; createdAt: string } {
  const o = (s ?? {}) as Record<string, unknown>;
  const raw = (o.raw ?? o) as { name?: unknown; spec?: { statement?: unknown }; status?: { phase?: unknown }; metadata?: { created_at?: unknown } };
  return {
    name: String(o.name ?? raw.name ?? ""),
    phase: String(o.phase ?? raw.status?.phase ?? ""),
    sql: String(raw.spec?.statement ?? ""),
    createdAt: String(raw.metadata?.created_at ?? ""),
  };
}

async function serveEmulator(cmd: Extract<Command, { kind: "emulator" }>, io: CliIo): Promise<number> {
  const emu = startEmulator();
  const server = await emu.listen({ port: cmd.port, hostname: cmd.host });
  const url = server.url.replace(/\/+$/, "");
  const env = envForEmulator({ ...emu.connectOptions, endpoint: url, controlPlaneEndpoint: url, controlPlane: emu.controlPlaneOptions });
  io.stdout.write(`Flink SQL emulator listening on ${url}\nConnect with:\n`);
  for (const [k, v] of Object.entries(env)) io.stdout.write(`  export ${k}=${v}\n`);
  io.stdout.write("Ctrl+C to stop.\n");
  await new Promise<void>((resolve) => {
    const remove = io.onInterrupt(() => {
      remove();
      resolve();
    });
  });
  await server.close();
  await emu.close?.();
  io.stderr.write("emulator stopped\n");
  return 0;
}

function printError(io: CliIo, e: unknown): void {
  const o = (e ?? {}) as { code?: unknown; message?: unknown; detail?: unknown; name?: unknown };
  const code = typeof o.code === "string" ? o.code : String(o.name ?? "ERROR");
  io.stderr.write(`error ${code}: ${String(o.message ?? e)}\n`);
  if (typeof o.detail === "string" && o.detail !== "" && !String(o.message ?? "").includes(o.detail)) io.stderr.write(`${o.detail}\n`);
}
