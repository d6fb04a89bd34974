/**
 * How the control-plane commands print one resource (a Tableflow topic, a connector): `table`
 * is an aligned list of fields a person reads, `json` the client's model as one document for
 * scripts; a list of them is aligned columns, one resource a line, or a JSON array. Pure
 * string functions over the client's (already secret-masked) models.
 */
import type { TableflowStorageInfo } from "../control-plane/models.ts";
import { jsonValue } from "./format.ts";
import type { ResourceFormat } from "./control-plane-args.ts";

/** One printed field; `undefined` values are left out, a nested list is indented under its label. */
type Field = readonly [label: string, value: string | undefined | ReadonlyArray<readonly [string, string]>];

/** Fields as aligned `label  value` lines; a nested list prints as `label:` then its own aligned lines. */
export function formatFields(fields: readonly Field[]): string {
  const flat = fields.filter(([, v]) => v !== undefined && (typeof v === "string" || v.length > 0));
  const width = Math.max(0, ...flat.filter(([, v]) => typeof v === "string").map(([l]) => l.length));
  const lines: string[] = [];
  for (const [label, value] of flat) {
    if (typeof value === "string") {
      // One field, one line: a multi-line trace would break the alignment (and `grep`).
      lines.push(`${label.padEnd(width)}  ${value.replace(/\r?\n/g, "\\n")}`);
      continue;
    }
    const list = value as ReadonlyArray<readonly [string, string]>;
    const inner = Math.max(...list.map(([k]) => k.length));
    lines.push(`${label}:`);
    for (const [k, v] of list) lines.push(`  ${k.padEnd(inner)}  ${v.replace(/\r?\n/g, "\\n")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The parts of a Tableflow topic the CLI shows (structural: the client's TableflowTopic). */
export interface TopicView {
  readonly tableName: string;
  readonly phase: string;
  readonly spec: {
    readonly tableFormats: readonly string[];
    readonly storage?: TableflowStorageInfo | undefined;
    readonly environmentId?: string | undefined;
    readonly kafkaClusterId?: string | undefined;
    readonly suspended?: boolean | undefined;
    readonly config: Readonly<Record<string, unknown>>;
  };
  readonly status: {
    readonly writeMode?: string | undefined;
    readonly errorMessage?: string | undefined;
    readonly failingTableFormats: ReadonlyArray<{ readonly format: string; readonly errorMessage?: string | undefined }>;
  };
}

/** The parts of a connector the CLI shows (structural: the client's Connector). */
export interface ConnectorView {
  readonly name: string;
  readonly state: string;
  readonly spec: { readonly connectorClass?: string | undefined; readonly type?: string | undefined; readonly config: Readonly<Record<string, string>> };
  readonly status: {
    readonly workerId?: string | undefined;
    readonly trace?: string | undefined;
    readonly tasks: ReadonlyArray<{ readonly id: number; readonly state: string; readonly msg?: string | undefined }>;
  };
}

const text = (v: unknown): string | undefined => (v === undefined || v === null || v === "" ? undefined : typeof v === "string" ? v : JSON.stringify(v, jsonValue));

/** The storage line: the kind, and where a bucket or container of one's own is. */
function storageText(storage: NonNullable<TopicView["spec"]["storage"]>): string {
  const integration = storage.providerIntegrationId ?? "no provider integration";
  if (storage.bucketName !== undefined) return `${storage.kind} (bucket ${storage.bucketName}, ${integration})`;
  if (storage.storageAccountName !== undefined || storage.containerName !== undefined) {
    return `${storage.kind} (account ${storage.storageAccountName ?? "?"}, container ${storage.containerName ?? "?"}, ${integration})`;
  }
  return storage.kind;
}

/** A Tableflow topic in the chosen format. */
export function formatTopic(format: ResourceFormat, topic: TopicView): string {
  if (format === "json") {
    const { tableName, phase, spec, status } = topic;
    return `${JSON.stringify({ tableName, phase, spec, status }, jsonValue, 2)}\n`;
  }
  const { spec, status } = topic;
  const storage = spec.storage;
  const errorHandling = spec.config.error_handling as { mode?: unknown; target?: unknown } | undefined;
  return formatFields([
    ["table", topic.tableName],
    ["phase", topic.phase],
    ["formats", spec.tableFormats.join(", ")],
    ["storage", storage === undefined ? undefined : storageText(storage)],
    ["table path", storage?.tablePath],
    ["bucket region", storage?.bucketRegion],
    ["storage region", storage?.storageRegion],
    ["write mode", status.writeMode],
    ["suspended", spec.suspended === true ? "yes" : undefined],
    ["retention ms", text(spec.config.retention_ms)],
    ["data retention ms", text(spec.config.data_retention_ms)],
    ["error mode", text(errorHandling?.mode)],
    ["error log table", text(errorHandling?.target)],
    ["kafka cluster", spec.kafkaClusterId],
    ["environment", spec.environmentId],
    ["error", status.errorMessage],
    ...status.failingTableFormats.map((f): Field => [`failing ${f.format}`, f.errorMessage ?? "failing"]),
  ]);
}

/** A connector in the chosen format; its config is shown as the client returned it (masked). */
export function formatConnector(format: ResourceFormat, connector: ConnectorView): string {
  if (format === "json") {
    const { name, state, spec, status } = connector;
    return `${JSON.stringify({ name, state, spec, status }, jsonValue, 2)}\n`;
  }
  const { spec, status } = connector;
  const tasks = status.tasks.map((t) => `${t.id} ${t.state}`).join(", ");
  return formatFields([
    ["name", connector.name],
    ["state", connector.state],
    ["class", spec.connectorClass],
    ["type", spec.type],
    ["worker", status.workerId],
    ["tasks", tasks === "" ? undefined : tasks],
    ["trace", status.trace],
    ...status.tasks.filter((t) => t.msg !== undefined).map((t): Field => [`task ${t.id}`, t.msg]),
    ["config", Object.entries(spec.config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))],
  ]);
}

/** Aligned columns under a header; two spaces between columns, no trailing spaces. */
export function formatColumns(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .replace(/\s+$/, "");
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

/** The Tableflow topics of a cluster: name, phase, formats and write mode. */
export function formatTopicList(format: ResourceFormat, topics: readonly TopicView[]): string {
  if (format === "json") return `${JSON.stringify(topics.map(({ tableName, phase, spec, status }) => ({ tableName, phase, spec, status })), jsonValue, 2)}\n`;
  return formatColumns(
    ["TABLE", "PHASE", "FORMATS", "WRITE MODE"],
    topics.map((t) => [t.tableName, t.phase, t.spec.tableFormats.join(","), t.status.writeMode ?? ""]),
  );
}

/** The connectors of a cluster: name, state, class and task count. */
export function formatConnectorList(format: ResourceFormat, connectors: readonly ConnectorView[]): string {
  if (format === "json") return `${JSON.stringify(connectors.map(({ name, state, spec, status }) => ({ name, state, spec, status })), jsonValue, 2)}\n`;
  return formatColumns(
    ["NAME", "STATE", "CLASS", "TASKS"],
    connectors.map((c) => [c.name, c.state, c.spec.connectorClass ?? "", String(c.status.tasks.length)]),
  );
}

/** A connector's config as the client returned it (masked): sorted `key  value` lines, or a JSON object. */
export function formatConnectorConfig(format: ResourceFormat, config: Readonly<Record<string, string>>): string {
  const entries = Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (format === "json") return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
  return formatFields(entries);
}
