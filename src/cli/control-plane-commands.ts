/**
 * The control-plane commands (`tableflow`, `connectors`, `cluster-id`) over a ControlPlane
 * helper the caller made (from the environment or an in-process emulator) and the injected
 * I/O. Resources go to stdout, confirmations of a removal to stderr, as `statements` does.
 *
 * Connector configs are read from the `--config` file and `--set` values here; nothing of
 * them is ever printed except what the client returns, which has its secrets masked.
 */
import type { ControlPlane } from "../control-plane/index.ts";
import type { ControlPlaneCommand } from "./control-plane-args.ts";
import { formatConnector, formatConnectorConfig, formatConnectorList, formatTopic, formatTopicList } from "./resources.ts";
import { UsageError } from "./usage-error.ts";

/** What these commands need of the CLI's I/O. */
export interface ControlPlaneIo {
  readonly stdout: { write(text: string): void };
  readonly stderr: { write(text: string): void };
  onInterrupt(handler: () => void): () => void;
  /** Reads a text file (`--config`); default Node's `fs.readFile`. Tests inject their own. */
  readTextFile?(path: string): Promise<string>;
}

type ConfigValue = string | number | boolean;

async function readFileText(io: ControlPlaneIo, path: string): Promise<string> {
  if (io.readTextFile) return io.readTextFile(path);
  const { readFile } = await import("node:fs/promises");
  return readFile(path, "utf8");
}

/**
 * The config of `connectors create` (and of `connectors config` with `--config`): the
 * `--config` file (a JSON object of keys and values, or the Connect API's `{ name, config }`
 * body) with the `--set` values over it.
 *
 * @throws UsageError CONFIG_FILE_UNREADABLE or CONFIG_FILE_INVALID. Messages never quote the
 * file's content: it holds the Kafka API secret.
 */
export async function connectorConfig(cmd: Extract<ControlPlaneCommand, { action: "create" | "config" }>, io: ControlPlaneIo): Promise<Record<string, ConfigValue>> {
  let fromFile: Record<string, unknown> = {};
  if (cmd.configFile !== undefined) {
    let source: string;
    try {
      source = await readFileText(io, cmd.configFile);
    } catch (e) {
      const reason = (e as { code?: unknown }).code;
      throw new UsageError(`cannot read --config ${cmd.configFile}${typeof reason === "string" ? ` (${reason})` : ""}`, { code: "CONFIG_FILE_UNREADABLE" });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch {
      // Not the parser's message: recent engines quote the text around the error, which may be a secret.
      throw new UsageError(`--config ${cmd.configFile} is not valid JSON`, { code: "CONFIG_FILE_INVALID" });
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new UsageError(`--config ${cmd.configFile} must hold a JSON object of config keys and values`, { code: "CONFIG_FILE_INVALID" });
    }
    const body = parsed as Record<string, unknown>;
    const nested = body.config;
    if (nested !== null && typeof nested === "object" && !Array.isArray(nested)) {
      // The Connect API's create body: `name` outside `config`. Moved in, the client checks it matches.
      fromFile = { ...(nested as Record<string, unknown>) };
      if (typeof body.name === "string" && fromFile.name === undefined) fromFile.name = body.name;
    } else {
      fromFile = body;
    }
  }
  // Values of the wrong type are left for createConnector to refuse (CONNECTOR_CONFIG_INVALID, naming the key).
  return { ...(fromFile as Record<string, ConfigValue>), ...Object.fromEntries(cmd.settings) };
}

/**
 * Runs one control-plane command; resolves to the exit code (0). Failures of the call reject
 * with the client's coded errors, bad input files with a UsageError: the caller prints them.
 */
export async function runControlPlaneCommand(cmd: ControlPlaneCommand, cp: ControlPlane, io: ControlPlaneIo): Promise<number> {
  const abort = new AbortController();
  const removeInterrupt = io.onInterrupt(() => abort.abort());
  const call = { signal: abort.signal, ...(cmd.timeoutMs === undefined ? {} : { timeoutMs: cmd.timeoutMs }) };
  try {
    if (cmd.kind === "cluster-id") {
      const id = await cp.resolveKafkaClusterId(call);
      io.stdout.write(cmd.format === "json" ? `${JSON.stringify({ kafkaClusterId: id })}\n` : `${id}\n`);
      return 0;
    }
    if (cmd.kind === "tableflow") {
      switch (cmd.action) {
        case "enable":
          io.stdout.write(formatTopic(cmd.format, await cp.enableTableflow(cmd.table, { ...call, formats: cmd.formats, storage: cmd.storage, config: cmd.config, wait: cmd.wait })));
          return 0;
        case "get":
          io.stdout.write(formatTopic(cmd.format, await cp.getTableflow(cmd.table, call)));
          return 0;
        case "list":
          io.stdout.write(formatTopicList(cmd.format, await cp.listTableflowTopics(call)));
          return 0;
        case "update": {
          const change = { ...(cmd.formats ? { formats: cmd.formats } : {}), ...(cmd.config ? { config: cmd.config } : {}), ...(cmd.resume ? { suspended: false } : {}) };
          io.stdout.write(formatTopic(cmd.format, await cp.updateTableflow(cmd.table, { ...call, ...change, wait: cmd.wait })));
          return 0;
        }
        case "disable":
          await cp.disableTableflow(cmd.table, { ...call, wait: cmd.wait });
          io.stderr.write(cmd.wait ? `Tableflow disabled for ${cmd.table}\n` : `Tableflow disable requested for ${cmd.table}\n`);
          return 0;
      }
    }
    switch (cmd.action) {
      case "create": {
        const config = await connectorConfig(cmd, io);
        io.stdout.write(formatConnector(cmd.format, await cp.createConnector(cmd.name, config, { ...call, wait: cmd.wait })));
        return 0;
      }
      case "get":
        io.stdout.write(formatConnector(cmd.format, await cp.getConnector(cmd.name, call)));
        return 0;
      case "list":
        io.stdout.write(formatConnectorList(cmd.format, await cp.listConnectors(call)));
        return 0;
      case "config": {
        if (cmd.configFile === undefined && cmd.settings.length === 0) {
          io.stdout.write(formatConnectorConfig(cmd.format, await cp.getConnectorConfig(cmd.name, call)));
          return 0;
        }
        // `--set` alone changes the current config; its secrets read back masked, so they must
        // be given again (updateConnectorConfig refuses a `****`, naming the key).
        const config = cmd.configFile === undefined ? { ...(await cp.getConnectorConfig(cmd.name, call)), ...Object.fromEntries(cmd.settings) } : await connectorConfig(cmd, io);
        io.stdout.write(formatConnector(cmd.format, await cp.updateConnectorConfig(cmd.name, config, { ...call, wait: cmd.wait })));
        return 0;
      }
      case "restart":
        io.stdout.write(formatConnector(cmd.format, await cp.restartConnector(cmd.name, { ...call, wait: cmd.wait })));
        return 0;
      case "pause":
        io.stdout.write(formatConnector(cmd.format, await cp.pauseConnector(cmd.name, { ...call, wait: cmd.wait })));
        return 0;
      case "resume":
        io.stdout.write(formatConnector(cmd.format, await cp.resumeConnector(cmd.name, { ...call, wait: cmd.wait })));
        return 0;
      case "delete":
        await cp.deleteConnector(cmd.name, { ...call, wait: cmd.wait });
        io.stderr.write(cmd.wait ? `deleted connector ${cmd.name}\n` : `delete requested for connector ${cmd.name}\n`);
        return 0;
    }
  } finally {
    removeInterrupt();
  }
}
