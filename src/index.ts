/**
 * confluent-sql: the public client API (re-exports only).
 */
export type { LogicalType, Column } from "./types/model.ts";
// Type module: interval values handed out by decoding, type text helpers.
export { YearMonthInterval, DayTimeInterval } from "./types/interval.ts";
export type { DayTimeFields } from "./types/interval.ts";
export { formatType } from "./types/format-type.ts";
export { parseTypeText } from "./types/type-text.ts";
// Parameters: literal rendering, placeholder substitution, helpers for typed values.
export {
  renderLiteral,
  substituteParameters,
  sqlTemplate,
  SqlQuery,
  SqlFragment,
  raw,
  identifier,
  typedNull,
  decimal,
  date,
  time,
  timestamp,
  row,
  array,
  map,
} from "./types/params.ts";
export { Decimal } from "./types/decimal.ts";

// Client core: connect, connection, snapshot cursor, statements API.
export { connect, Connection } from "./client/connection.ts";
export type {
  CreateStatementOptions,
  LazyQuery,
  ListStatementsOptions,
  QueryOptions,
  QueryResult,
  StatementListing,
} from "./client/connection.ts";
export type { ConnectOptions, DecodeOptions, CastHook } from "./client/config.ts";
export { DEFAULT_USER_AGENT, VERSION } from "./client/config.ts";
export { Cursor } from "./client/cursor.ts";
export type { ColumnDescription, CursorOptions, ExecuteOptions, SqlText } from "./client/cursor.ts";
export { Statement, HIDDEN_LABEL, LABEL_PREFIX } from "./client/statement.ts";
export type { StatementPhase, StatementTraits } from "./client/statement.ts";
export type { ListFilters, ResultsPage, StatementException, StopOptions } from "./client/statements-api.ts";
export type { StatementOptions } from "./client/submit.ts";
export type { CallOptions } from "./client/signals.ts";
export type { TokenSource } from "./client/auth.ts";
// Streaming: streaming cursor, Web Streams, changelog compressor/materialiser, NDJSON/SSE encoders.
export {
  StreamingCursor,
  ChangelogCompressor,
  ChangelogTable,
  upsertKeyFunction,
  materializeChanges,
  ndjsonEncoder,
  sseEncoder,
  toResponse,
  jsonReplacer,
  NDJSON_CONTENT_TYPE,
  SSE_CONTENT_TYPE,
  OP_CODES,
  OP_KINDS,
  opCode,
  opName,
  IdleBackoff,
} from "./client/streaming/index.ts";
export type {
  AttachOptions,
  CancelPolicy,
  ChangeEvent,
  ChangeOp,
  ChangeOpCode,
  ChangelogMode,
  ChangelogTableOptions,
  CompressorOptions,
  EncoderOptions,
  FetchOptions,
  IdleBackoffOptions,
  MaterializeOptions,
  MaterializedChange,
  ResultStream,
  ResultsPageView,
  ResumePosition,
  RowDecoderView,
  SnapshotOptions,
  SseOptions,
  StatementExceptionView,
  StatementTraitsView,
  StatementView,
  StreamItem,
  StreamMetrics,
  StreamOptions,
  StreamingApi,
  StreamingBackend,
  StreamingCursorOptions,
  StreamingExecuteOptions,
  SubmitOptions,
} from "./client/streaming/index.ts";
export type { RequestEvent } from "./client/http.ts";
export {
  ConfluentSqlError,
  Warning,
  InterfaceError,
  DatabaseError,
  DataError,
  OperationalError,
  IntegrityError,
  InternalError,
  ProgrammingError,
  NotSupportedError,
  ProtocolError,
  StatementNotFoundError,
  StatementFailedError,
  StatementStoppedError,
  ComputePoolExhaustedError,
  TimeoutError,
  AbortError,
  RateLimitError,
} from "./errors.ts";
export type { ErrorContext } from "./errors.ts";
/** DB-API 2.0 `apilevel`: the version of the DB-API this driver's semantics follow. */
export const apilevel = "2.0";
/**
 * DB-API `threadsafety` 1, as in the Python driver: connections may be shared, cursors may not
 * (in JavaScript: do not interleave two `execute`s on one cursor; use one cursor per task).
 */
export const threadsafety = 1;
/**
 * DB-API `paramstyle`: `pyformat`, i.e. positional `%s` and named `%(name)s` placeholders
 * (`%%` for a literal percent once parameters are given).
 */
export const paramstyle = "pyformat";
