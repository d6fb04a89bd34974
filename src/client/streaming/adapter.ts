/**
 * Builds the streaming cursor's {@link StreamingBackend} from a Connection's internal context:
 * the statements API (create in streaming mode with the connection's catalog, database,
 * properties and compute pool; get; results pages; stop without waiting; delete; exceptions),
 * the row decoder for the connection's decode options, parameter rendering, and the connection's close hook so
 * closing the connection closes its streaming cursors.
 */
import type { DecodeOptions } from "../config.ts";
import { contextOf } from "../context.ts";
import { compileStatementDecoder, describeColumns } from "../cursor.ts";
import { buildCreateRequest } from "../submit.ts";
import { substituteParameters } from "../types-bridge.ts";
import type { StreamingBackend } from "./port.ts";

/** The backend of streaming cursors opened on `connection` (a confluent-sql Connection), decoding with `decode` (default: the connection's). */
export function streamingBackendOf(connection: object, decode?: DecodeOptions): StreamingBackend & { onClose(closer: () => Promise<void>): () => void } {
  const ctx = contextOf(connection);
  const api = ctx.api;
  const withClose = connection as { onClose?: (closer: () => Promise<void>) => () => void };
  return {
    api: {
      submit: (sql, o) =>
        api.create(
          buildCreateRequest(
            ctx.config,
            sql,
            {
              statementName: o.statementName,
              labels: o.labels,
              properties: o.properties,
              computePoolId: o.computePoolId,
              catalog: o.catalog,
              database: o.database,
            },
            false,
            "execute()",
          ),
          { signal: o.signal, onSend: o.onSend },
        ),
      reportsSend: true,
      get: (name, o) => api.get(name, { signal: o.signal }),
      resultsPage: (name, token, o) => api.resultsPage(name, token, { signal: o.signal, notReady: o.notReady }),
      stop: (name, o) => api.stop(name, { signal: o.signal, wait: false }),
      delete: (name, o) => api.delete(name, { signal: o.signal }),
      exceptions: (name, o) => api.exceptions(name, { signal: o.signal }),
    },
    // The statement's own session zone wins (TIMESTAMP_LTZ values are printed in it).
    decoder: (columns, statement) => compileStatementDecoder(ctx, columns, decode ?? ctx.config.decode, statement),
    substitute: (sql, params) => substituteParameters(sql, params),
    describe: (columns) => describeColumns(columns),
    readiness: ctx.config.poll,
    assertOpen: () => ctx.assertOpen(),
    onClose: (closer) => (typeof withClose.onClose === "function" ? withClose.onClose(closer) : () => {}),
  };
}
