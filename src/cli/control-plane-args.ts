/**
 * Command-line parsing of the control-plane commands (`tableflow`, `connectors`, `cluster-id`):
 * their actions, names and options, checked before any request. Pure, like `args.ts`, which
 * tokenizes the command line and hands the pieces over here.
 *
 * Flags that belong to another command (`--limit` on `tableflow get`, `--bucket` on `disable`)
 * are usage errors rather than silently ignored: a flag that does nothing is a mistake the user
 * would want to hear about. Values given with `--set` are never echoed in messages, since
 * connector configs carry secrets.
 */
import { UsageError } from "./usage-error.ts";

/** Output formats of the control-plane commands: one resource, not a result set. */
export type ResourceFormat = "table" | "json";
export const RESOURCE_FORMATS: readonly ResourceFormat[] = ["table", "json"];

export type TableflowFormat = "ICEBERG" | "DELTA";
const TABLE_FORMATS: readonly TableflowFormat[] = ["ICEBERG", "DELTA"];

export type TableflowStorageArg =
  | { kind: "Managed" }
  | { kind: "ByobAws"; bucketName: string; providerIntegrationId: string }
  | { kind: "AzureDataLakeStorageGen2"; storageAccountName: string; containerName: string; providerIntegrationId: string };

/** `--retention-ms`, `--data-retention-ms`, `--error-mode` and `--error-log-table`, as the client's `TableflowTopicConfig`. */
export interface TableflowConfigArg {
  retentionMs?: string;
  dataRetentionMs?: string;
  errorHandling?: { mode: "SUSPEND" | "SKIP" } | { mode: "LOG"; target?: string };
}

interface Common {
  format: ResourceFormat;
  emulator: boolean;
  timeoutMs?: number;
}

export type ControlPlaneCommand =
  | (Common & { kind: "tableflow"; action: "enable"; table: string; formats: TableflowFormat[]; storage: TableflowStorageArg; config?: TableflowConfigArg; wait: boolean })
  | (Common & { kind: "tableflow"; action: "get"; table: string })
  | (Common & { kind: "tableflow"; action: "list" })
  | (Common & { kind: "tableflow"; action: "update"; table: string; formats?: TableflowFormat[]; config?: TableflowConfigArg; resume: boolean; wait: boolean })
  | (Common & { kind: "tableflow"; action: "disable"; table: string; wait: boolean })
  | (Common & { kind: "connectors"; action: "create"; name: string; configFile?: string; settings: Array<[string, string]>; wait: boolean })
  | (Common & { kind: "connectors"; action: "get"; name: string })
  | (Common & { kind: "connectors"; action: "list" })
  /** No `--config` and no `--set`: show the config; else replace it (the file, or the current config, with the `--set` values over it). */
  | (Common & { kind: "connectors"; action: "config"; name: string; configFile?: string; settings: Array<[string, string]>; wait: boolean })
  | (Common & { kind: "connectors"; action: "pause" | "resume" | "restart" | "delete"; name: string; wait: boolean })
  | (Common & { kind: "cluster-id" });

/** The command names this module parses. */
export const CONTROL_PLANE_COMMANDS: readonly string[] = ["tableflow", "connectors", "cluster-id"];

/** Flags only these commands take (the tokenizer in args.ts must know them). */
const TABLEFLOW_STORAGE_FLAGS = ["--storage", "--bucket", "--storage-account", "--container", "--provider-integration"];
const TABLEFLOW_CONFIG_FLAGS = ["--retention-ms", "--data-retention-ms", "--error-mode", "--error-log-table"];
export const CONTROL_PLANE_VALUED_FLAGS: readonly string[] = ["--formats", ...TABLEFLOW_STORAGE_FLAGS, ...TABLEFLOW_CONFIG_FLAGS, "--config", "--set"];
export const CONTROL_PLANE_BOOLEAN_FLAGS: readonly string[] = ["--no-wait", "--resume", "--suspend"];

/** Flags every control-plane command takes. */
const COMMON_FLAGS = ["--format", "--emulator", "--timeout"];
const ALLOWED: Record<string, readonly string[]> = {
  "tableflow enable": ["--formats", ...TABLEFLOW_STORAGE_FLAGS, ...TABLEFLOW_CONFIG_FLAGS, "--no-wait"],
  "tableflow get": [],
  "tableflow list": [],
  "tableflow update": ["--formats", ...TABLEFLOW_CONFIG_FLAGS, "--resume", "--suspend", "--no-wait"],
  "tableflow disable": ["--no-wait"],
  "connectors create": ["--config", "--set", "--no-wait"],
  "connectors get": [],
  "connectors list": [],
  "connectors config": ["--config", "--set", "--no-wait"],
  "connectors restart": ["--no-wait"],
  "connectors pause": ["--no-wait"],
  "connectors resume": ["--no-wait"],
  "connectors delete": ["--no-wait"],
  "cluster-id": [],
};

/** What the tokenizer collected: flags by name (the last value wins), and every `--set` in order. */
export interface Tokens {
  readonly args: readonly string[];
  readonly flags: Readonly<Record<string, string | true>>;
  readonly given: readonly string[];
  readonly sets: readonly string[];
}

function wholeNumber(flag: string, v: string | true | undefined): number {
  if (typeof v !== "string" || !/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${flag} needs a whole number of at least 1`);
  return Number(v);
}

function resourceFormat(v: string | true | undefined): ResourceFormat {
  if (v === undefined) return "table";
  if (RESOURCE_FORMATS.includes(v as ResourceFormat)) return v as ResourceFormat;
  // `--format ICEBERG` is an easy slip for `--formats ICEBERG`: say which flag is which.
  const hint = typeof v === "string" && TABLE_FORMATS.includes(v.toUpperCase() as TableflowFormat) ? " (Tableflow's table formats go in --formats)" : "";
  throw new UsageError(`--format must be one of ${RESOURCE_FORMATS.join(", ")} here${hint}`);
}

/** `--formats ICEBERG,DELTA`: each known format once, any case. */
export function tableFormats(v: string | true | undefined): TableflowFormat[] {
  if (v === undefined) return ["ICEBERG"];
  const items = String(v)
    .split(",")
    .map((s) => s.trim().toUpperCase());
  const out: TableflowFormat[] = [];
  for (const item of items) {
    if (!TABLE_FORMATS.includes(item as TableflowFormat)) {
      throw new UsageError(`--formats takes ${TABLE_FORMATS.join(" and/or ")}, comma-separated${item === "" ? "" : ` (got '${item}')`}`);
    }
    if (out.includes(item as TableflowFormat)) throw new UsageError(`--formats names ${item} twice`);
    out.push(item as TableflowFormat);
  }
  return out;
}

/**
 * `--storage managed` (the default); `--bucket NAME --provider-integration ID` for an S3 bucket of
 * one's own; `--storage-account NAME --container NAME --provider-integration ID` for Azure Data
 * Lake Storage Gen2. Mixing the kinds is an error rather than a guess at which one was meant.
 */
function storage(flags: Tokens["flags"]): TableflowStorageArg {
  const kind = flags["--storage"];
  const bucket = flags["--bucket"];
  const account = flags["--storage-account"];
  const container = flags["--container"];
  const integration = flags["--provider-integration"];
  if (kind !== undefined && String(kind).toLowerCase() !== "managed") {
    throw new UsageError(
      "--storage must be managed (for storage of your own, give --bucket NAME --provider-integration ID for S3, or --storage-account NAME --container NAME --provider-integration ID for Azure)",
    );
  }
  const azure = account !== undefined || container !== undefined;
  if (bucket === undefined && !azure && integration === undefined) return { kind: "Managed" };
  if (kind !== undefined) throw new UsageError("give --storage managed or storage of your own (--bucket, or --storage-account and --container, with --provider-integration), not both");
  if (bucket !== undefined && azure) throw new UsageError("--bucket (S3) and --storage-account / --container (Azure) are different storage kinds: give one");
  const given = (v: string | true | undefined): v is string => typeof v === "string" && v !== "";
  if (azure) {
    if (!given(account) || !given(container) || !given(integration)) {
      throw new UsageError("--storage-account, --container and --provider-integration go together: the Azure storage account, its container and the provider integration (cspi-...) that grants access to them");
    }
    return { kind: "AzureDataLakeStorageGen2", storageAccountName: account, containerName: container, providerIntegrationId: integration };
  }
  if (!given(bucket) || !given(integration)) {
    throw new UsageError("--bucket and --provider-integration go together: the S3 bucket and the provider integration (cspi-...) that grants access to it");
  }
  return { kind: "ByobAws", bucketName: bucket, providerIntegrationId: integration };
}

/** A positive whole number of milliseconds, kept as text so that no digit is lost on the way. */
function millis(flag: string, v: string | true): string {
  if (typeof v !== "string" || !/^[1-9]\d*$/.test(v)) throw new UsageError(`${flag} needs a whole number of milliseconds of at least 1`);
  return v;
}

/**
 * The Tableflow topic config flags; undefined when none is given, so that the server's defaults
 * apply. `--error-log-table` implies `--error-mode log`, and contradicts any other mode.
 */
function tableflowConfig(flags: Tokens["flags"]): TableflowConfigArg | undefined {
  const config: TableflowConfigArg = {};
  if (flags["--retention-ms"] !== undefined) config.retentionMs = millis("--retention-ms", flags["--retention-ms"]);
  if (flags["--data-retention-ms"] !== undefined) config.dataRetentionMs = millis("--data-retention-ms", flags["--data-retention-ms"]);
  const mode = flags["--error-mode"];
  const target = flags["--error-log-table"];
  if (target !== undefined && (typeof target !== "string" || target.trim() === "")) throw new UsageError("--error-log-table needs a table name");
  if (mode !== undefined) {
    const upper = String(mode).toUpperCase();
    if (upper !== "SUSPEND" && upper !== "SKIP" && upper !== "LOG") throw new UsageError("--error-mode must be one of suspend, skip, log");
    if (target !== undefined && upper !== "LOG") throw new UsageError(`--error-log-table names the table of --error-mode log, not ${String(mode).toLowerCase()}`);
    config.errorHandling = upper === "LOG" ? { mode: "LOG", ...(target === undefined ? {} : { target: target as string }) } : { mode: upper };
  } else if (target !== undefined) {
    config.errorHandling = { mode: "LOG", target: target as string };
  }
  return Object.keys(config).length === 0 ? undefined : config;
}

/** `--set key=value` pairs; a value is never shown in a message (it may be a secret). */
function settings(sets: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const s of sets) {
    const eq = s.indexOf("=");
    if (eq <= 0) throw new UsageError("--set needs key=value (a config key, '=', then its value)");
    const key = s.slice(0, eq).trim();
    if (key === "") throw new UsageError("--set needs key=value (a config key, '=', then its value)");
    if (out.some(([k]) => k === key)) throw new UsageError(`--set gives ${key} twice`);
    out.push([key, s.slice(eq + 1)]);
  }
  return out;
}

function noArgs(usage: string, args: readonly string[]): void {
  if (args.length > 0) throw new UsageError(`${usage} takes no arguments`);
}

/**
 * `tableflow update TABLE`: what to change, at least one of `--formats`, the config flags and
 * `--resume`. `--suspend` is refused with the reason: Confluent's Tableflow API can resume a
 * suspended topic but not suspend one on demand.
 */
function tableflowUpdate(common: Common, table: string, flags: Tokens["flags"], wait: boolean): ControlPlaneCommand {
  if (flags["--suspend"] !== undefined) {
    throw new UsageError("--suspend is not available: Confluent's Tableflow API cannot suspend a topic on demand (only --resume a suspended one); tableflow disable turns it off");
  }
  const config = tableflowConfig(flags);
  const formats = flags["--formats"] === undefined ? undefined : tableFormats(flags["--formats"]);
  const resume = flags["--resume"] === true;
  if (formats === undefined && config === undefined && !resume) {
    throw new UsageError("tableflow update needs something to change: --formats, --retention-ms, --data-retention-ms, --error-mode, --error-log-table or --resume");
  }
  return { ...common, kind: "tableflow", action: "update", table, ...(formats === undefined ? {} : { formats }), ...(config === undefined ? {} : { config }), resume, wait };
}

function oneName(usage: string, args: readonly string[], what: string): string {
  const [name, extra] = args;
  if (name === undefined || name.trim() === "" || extra !== undefined) throw new UsageError(`${usage} needs exactly one ${what}`);
  return name;
}

/**
 * Parses one control-plane command from the tokens args.ts collected.
 *
 * @example parseControlPlaneCommand("tableflow", { args: ["enable", "orders"], flags: {}, given: [], sets: [] })
 * // { kind: "tableflow", action: "enable", table: "orders", formats: ["ICEBERG"], storage: { kind: "Managed" }, wait: true, ... }
 * @throws UsageError for an unknown action, a missing or extra name, a flag that does not apply, or a bad value.
 */
export function parseControlPlaneCommand(command: string, tokens: Tokens): ControlPlaneCommand {
  const { flags } = tokens;
  let args = tokens.args;
  let usage = command;
  if (command !== "cluster-id") {
    const actions = command === "tableflow" ? ["enable", "get", "list", "update", "disable"] : ["create", "get", "list", "config", "pause", "resume", "restart", "delete"];
    const action = args[0];
    if (action === undefined || !actions.includes(action)) throw new UsageError(`${command} needs one of ${actions.join(", ")}`);
    usage = `${command} ${action}`;
    args = args.slice(1);
  }
  const allowed = [...COMMON_FLAGS, ...(ALLOWED[usage] ?? [])];
  for (const flag of tokens.given) if (!allowed.includes(flag)) throw new UsageError(`${flag} does not apply to ${usage}`);

  const common: Common = { format: resourceFormat(flags["--format"]), emulator: flags["--emulator"] === true };
  if (flags["--timeout"] !== undefined) common.timeoutMs = wholeNumber("--timeout", flags["--timeout"]);
  const wait = flags["--no-wait"] !== true;

  switch (usage) {
    case "cluster-id":
      if (args.length > 0) throw new UsageError("cluster-id takes no arguments");
      return { ...common, kind: "cluster-id" };
    case "tableflow enable": {
      const config = tableflowConfig(flags);
      return {
        ...common,
        kind: "tableflow",
        action: "enable",
        table: oneName(usage, args, "table name"),
        formats: tableFormats(flags["--formats"]),
        storage: storage(flags),
        ...(config === undefined ? {} : { config }),
        wait,
      };
    }
    case "tableflow get":
      return { ...common, kind: "tableflow", action: "get", table: oneName(usage, args, "table name") };
    case "tableflow list":
      noArgs(usage, args);
      return { ...common, kind: "tableflow", action: "list" };
    case "tableflow update":
      return tableflowUpdate(common, oneName(usage, args, "table name"), flags, wait);
    case "tableflow disable":
      return { ...common, kind: "tableflow", action: "disable", table: oneName(usage, args, "table name"), wait };
    case "connectors create": {
      const name = oneName(usage, args, "connector name");
      const configFile = flags["--config"];
      const set = settings(tokens.sets);
      if (configFile === undefined && set.length === 0) throw new UsageError("connectors create needs --config FILE.json or --set key=value (or both: --set wins)");
      return { ...common, kind: "connectors", action: "create", name, ...(typeof configFile === "string" ? { configFile } : {}), settings: set, wait };
    }
    case "connectors get":
      return { ...common, kind: "connectors", action: "get", name: oneName(usage, args, "connector name") };
    case "connectors list":
      noArgs(usage, args);
      return { ...common, kind: "connectors", action: "list" };
    case "connectors config": {
      const name = oneName(usage, args, "connector name");
      const configFile = flags["--config"];
      return { ...common, kind: "connectors", action: "config", name, ...(typeof configFile === "string" ? { configFile } : {}), settings: settings(tokens.sets), wait };
    }
    default:
      return { ...common, kind: "connectors", action: usage.slice("connectors ".length) as "pause", name: oneName(usage, args, "connector name"), wait };
  }
}
