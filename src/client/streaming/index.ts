/**
 * Streaming results: the streaming cursor, its Web Streams face, the changelog compressor and
 * materialiser, NDJSON/SSE encoders, op codes, idle backoff and metrics. Re-exports only.
 */
export { StreamingCursor, attachStreamingCursor } from "./cursor.ts";
export type {
  AttachOptions,
  CancelPolicy,
  FetchOptions,
  ResultStream,
  ResumePosition,
  StreamItem,
  StreamOptions,
  StreamingCursorOptions,
  StreamingExecuteOptions,
} from "./types.ts";
export { ChangelogCompressor, type CompressorOptions, type SnapshotOptions } from "./compressor.ts";
export { ChangelogTable, upsertKeyFunction, type ChangelogMode, type ChangelogTableOptions, type MaterializedChange } from "./changelog-table.ts";
export { materializeChanges, createChangelogTable, type MaterializeOptions } from "./materialize.ts";
export {
  ndjsonEncoder,
  sseEncoder,
  toResponse,
  jsonReplacer,
  NDJSON_CONTENT_TYPE,
  SSE_CONTENT_TYPE,
  type EncoderOptions,
  type SseOptions,
} from "./encoders.ts";
export { OP_CODES, OP_KINDS, opCode, opName, changeEvent, type ChangeEvent, type ChangeOp, type ChangeOpCode } from "./ops.ts";
export { IdleBackoff, type IdleBackoffOptions } from "./idle-backoff.ts";
export type { StreamMetrics } from "./metrics.ts";
export type {
  StreamingBackend,
  StreamingApi,
  StatementView,
  StatementTraitsView,
  StatementExceptionView,
  ResultsPageView,
  RowDecoderView,
  SubmitOptions,
} from "./port.ts";
