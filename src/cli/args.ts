/**
 * Command-line parsing for the CLI: a small, strict parser (unknown flags are errors, values
 * are validated), returning a typed command. Pure: tests call it with arrays.
 */
import { FORMATS, type OutputFormat } from "./format.ts";
import {
  CONTROL_PLANE_BOOLEAN_FLAGS,
  CONTROL_PLANE_COMMANDS,
  CONTROL_PLANE_VALUED_FLAGS,
  parseControlPlaneCommand,
  type ControlPlaneCommand,
} from "./control-plane-args.ts";
import { UsageError } from "./usage-error.ts";

export { UsageError };
export type { ControlPlaneCommand };

export type Command =
  | { kind: "help"; topic?: string }
  | { kind: "version" }
  | {
      kind: "query";
      sql: string;
      params: string[];
      format: OutputFormat;
      streaming: boolean;
      limit?: number;
      timeoutMs?: number;
      emulator: boolean;
    }
  | { kind: "statements"; action: "list" | "get" | "stop" | "resume" | "delete"; name?: string; format: OutputFormat }
  | { kind: "emulator"; port: number; host: string }
  | ControlPlaneCommand;

export const USAGE = `confluent-sql: Flink SQL on Confluent Cloud (or the local emulator) from the command line

Usage:
  confluent-sql query "<sql>" [--param VALUE]... [--format table|json|ndjson|csv]
                              [--streaming] [--limit N] [--timeout MS] [--emulator]
  confluent-sql statements list|get|stop|resume|delete [NAME] [--format ...]
  confluent-sql tableflow enable TABLE [--formats ICEBERG,DELTA]
                          [--storage managed | --bucket NAME --provider-integration ID
                           | --storage-account NAME --container NAME --provider-integration ID]
                          [--retention-ms MS] [--data-retention-ms MS]
                          [--error-mode suspend|skip|log] [--error-log-table NAME]
  confluent-sql tableflow update TABLE [--formats ICEBERG,DELTA] [--retention-ms MS]
                          [--data-retention-ms MS] [--error-mode suspend|skip|log]
                          [--error-log-table NAME] [--resume]
  confluent-sql tableflow get|disable TABLE
  confluent-sql tableflow list
  confluent-sql connectors create NAME (--config FILE.json | --set KEY=VALUE ...)
  confluent-sql connectors config NAME [--config FILE.json] [--set KEY=VALUE ...]
  confluent-sql connectors get|pause|resume|delete NAME
  confluent-sql connectors restart NAME
  confluent-sql connectors list
  confluent-sql cluster-id
  confluent-sql emulator [--port 8080] [--host 127.0.0.1]
  confluent-sql --help | --version
tableflow, connectors and cluster-id also take [--format table|json] [--timeout MS]
[--emulator]; the ones that change something wait until it took effect unless --no-wait.

Credentials come from the environment, as in the Python driver's tests:
  CONFLUENT_FLINK_API_KEY, CONFLUENT_FLINK_API_SECRET, CONFLUENT_ORG_ID, CONFLUENT_ENV_ID,
  CONFLUENT_CLOUD_PROVIDER, CONFLUENT_CLOUD_REGION (or CONFLUENT_ENDPOINT),
  CONFLUENT_COMPUTE_POOL_ID, CONFLUENT_TEST_DBNAME (or CONFLUENT_DATABASE).
The control plane (tableflow, connectors, cluster-id) takes a global API key,
  CONFLUENT_CLOUD_API_KEY and CONFLUENT_CLOUD_API_SECRET (used for SQL too when set),
or dedicated pairs: CONFLUENT_TABLEFLOW_API_KEY/_SECRET, CONFLUENT_CONNECT_API_KEY/_SECRET,
with CONFLUENT_KAFKA_CLUSTER_ID (the database's lkc-... id; without it, looking it up needs
the global key). CONFLUENT_CONTROL_PLANE_ENDPOINT overrides https://api.confluent.cloud.
--emulator runs the command against an in-process emulator instead (no account needed). It
lives only as long as that one command, so statements commands, and a Tableflow topic or
connector used across commands, need a running one: start it with \`confluent-sql emulator\`
and export the CONFLUENT_* variables it prints.

--streaming keeps the query running and shows its changelog materialised live
(Ctrl+C, --limit or --timeout end it and stop the statement).
--param values fill %s placeholders in order: integers, decimals, true/false, null, or text.
--formats defaults to ICEBERG, --storage to managed (on enable; update changes only what
is given); --set values are text and override the file's; --timeout bounds a whole call,
waits included (default 300000 when waiting).
connectors config NAME shows the config (secrets masked); with --config it replaces it by
the file, with --set alone it changes those keys of the current config, whose secrets read
back masked and must be given again (--set kafka.api.secret=...). Secrets are never printed.
`;

/** The flags each non-control-plane command takes (`--help` / `--version` are handled first). */
const SQL_COMMAND_FLAGS: Readonly<Record<string, readonly string[]>> = {
  query: ["--format", "--limit", "--timeout", "--param", "--streaming", "--emulator"],
  // --emulator is taken so that it can be refused with the reason (EMULATOR_NOT_SHARED).
  statements: ["--format", "--emulator"],
  emulator: ["--port", "--host"],
};

function intValue(flag: string, v: string | undefined, min: number): number {
  if (v === undefined || !/^\d+$/.test(v)) throw new UsageError(`${flag} needs a whole number`);
  const n = Number(v);
  if (n < min) throw new UsageError(`${flag} must be at least ${min}`);
  return n;
}

/**
 * Parses argv (without the node/script prefix).
 *
 * @example parseArgs(["query", "SELECT 1", "--format", "csv"])
 * @throws UsageError with a one-line explanation for anything malformed.
 */
export function parseArgs(argv: readonly string[]): Command {
  const rest = [...argv];
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  const params: string[] = [];
  const sets: string[] = [];
  // Every flag name as given (aliases folded), so a command can refuse the ones it does not take.
  const given: string[] = [];
  const valued = new Set(["--format", "--limit", "--timeout", "--port", "--host", "--param", "-f", ...CONTROL_PLANE_VALUED_FLAGS]);
  const boolean = new Set(["--streaming", "--emulator", "--help", "-h", "--version", "-v", ...CONTROL_PLANE_BOOLEAN_FLAGS]);
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    if (arg === "--") {
      positionals.push(...rest.splice(0));
      break;
    }
    if (arg.startsWith("-") && arg !== "-") {
      const eq = arg.indexOf("=");
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (valued.has(name)) {
        const value = eq > 0 ? arg.slice(eq + 1) : rest.shift();
        if (value === undefined) throw new UsageError(`${name} needs a value`);
        const canonical = name === "-f" ? "--format" : name;
        if (!given.includes(canonical)) given.push(canonical);
        if (name === "--param") params.push(value);
        else if (name === "--set") sets.push(value);
        else flags[canonical] = value;
      } else if (boolean.has(name) && eq < 0) {
        if (!given.includes(name)) given.push(name);
        flags[name] = true;
      } else {
        throw new UsageError(`unknown option ${name}`);
      }
      continue;
    }
    positionals.push(arg);
  }

  if (flags["--version"] || flags["-v"]) return { kind: "version" };
  const [command, ...args] = positionals;
  if (flags["--help"] || flags["-h"] || command === undefined || command === "help") {
    return command === undefined || command === "help" ? { kind: "help" } : { kind: "help", topic: command };
  }
  // Their --format takes table or json only, so they are parsed before the check below.
  if (CONTROL_PLANE_COMMANDS.includes(command)) return parseControlPlaneCommand(command, { args, flags, given, sets });
  // A flag a command does not take is refused rather than ignored: `statements list --limit 5`
  // silently listing everything would mislead.
  const accepted = SQL_COMMAND_FLAGS[command];
  if (accepted !== undefined) {
    const foreign = given.find((f) => !accepted.includes(f));
    if (foreign !== undefined) throw new UsageError(`${foreign} does not apply to ${command}`);
  }
  const formatFlag = flags["--format"];
  let format: OutputFormat = "table";
  if (formatFlag !== undefined) {
    if (!FORMATS.includes(formatFlag as OutputFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
    format = formatFlag as OutputFormat;
  }
  const emulator = flags["--emulator"] === true;

  switch (command) {
    case "query": {
      if (args.length !== 1 || (args[0] as string).trim() === "") throw new UsageError('query needs exactly one SQL argument (quote it: query "SELECT 1")');
      const out: Command = { kind: "query", sql: args[0] as string, params, format, streaming: flags["--streaming"] === true, emulator };
      if (flags["--limit"] !== undefined) out.limit = intValue("--limit", flags["--limit"] as string, 1);
      if (flags["--timeout"] !== undefined) out.timeoutMs = intValue("--timeout", flags["--timeout"] as string, 1);
      return out;
    }
    case "statements": {
      if (emulator) {
        // An in-process emulator starts empty and dies with the command: list would always be empty.
        throw new UsageError("statements cannot use --emulator: an in-process emulator starts empty and ends with the command", {
          code: "EMULATOR_NOT_SHARED",
          hint: "Start a shared one with `confluent-sql emulator`, export the CONFLUENT_* variables it prints, then run statements without --emulator.",
        });
      }
      const [action, name, extra] = args;
      const actions = ["list", "get", "stop", "resume", "delete"] as const;
      if (!actions.includes(action as (typeof actions)[number])) throw new UsageError(`statements needs one of ${actions.join(", ")}`);
      if (action === "list") {
        if (name !== undefined) throw new UsageError("statements list takes no name");
        return { kind: "statements", action: "list", format };
      }
      if (name === undefined || extra !== undefined) throw new UsageError(`statements ${action} needs exactly one statement name`);
      return { kind: "statements", action: action as "get", name, format };
    }
    case "emulator": {
      if (args.length > 0) throw new UsageError("emulator takes no arguments");
      const port = flags["--port"] === undefined ? 8080 : intValue("--port", flags["--port"] as string, 0);
      if (port > 65535) throw new UsageError("--port must be at most 65535");
      const host = typeof flags["--host"] === "string" ? flags["--host"] : "127.0.0.1";
      return { kind: "emulator", port, host };
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

/**
 * A `--param` string as a SQL value: integers (bigint beyond 2^53), decimals as exact strings
 * rendered through the client's `decimal` helper when given, true/false, null; anything else
 * is text.
 */
export function paramValue(text: string, decimal?: (s: string) => unknown): unknown {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  if (/^-?\d+\.\d+$/.test(text)) return decimal ? decimal(text) : Number(text);
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  return text;
}
