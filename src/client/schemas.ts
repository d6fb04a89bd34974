/**
 * Wire schemas of the `sql/v1` API (and the one control-plane route the client uses), in one place.
 *
 * Every response body is checked here before any other code reads it, so a body that does not fit
 * becomes a ProtocolError naming the JSON path, never a TypeError deep inside. The structs use
 * superstruct `type()` (unknown fields are ignored: servers add fields) and accept `null` wherever
 * a real server was seen to send it or the reference says arrays and maps "may be null"
 * (wire-protocol.md section 9.1 point 8). Only fields the client consumes are described.
 *
 * Column types inside `traits.schema.columns` are validated by the type module
 * (`parseColumnsJson`), which names the path itself; here they are plain arrays.
 *
 * Must not import from the emulator.
 */
import {
  array,
  boolean,
  nullable,
  number,
  optional,
  record,
  string,
  type,
  union,
  unknown,
  validate as superValidate,
  type Infer,
  type Struct,
} from "superstruct";
import { ProtocolError, type ErrorContext } from "../errors.ts";

const maybe = <T, S>(s: Struct<T, S>) => optional(nullable(s));

/** `metadata` of a Statement. */
export const StatementMetadataStruct = type({
  self: maybe(string()),
  uid: maybe(string()),
  created_at: maybe(string()),
  updated_at: maybe(string()),
  resource_version: maybe(string()),
  labels: maybe(record(string(), string())),
});

/** `{ columns: [...] }`: the column entries are validated by the type module. */
export const SchemaStruct = type({
  columns: maybe(array(unknown())),
});

/** `status.traits`. */
export const TraitsStruct = type({
  sql_kind: maybe(string()),
  is_bounded: maybe(boolean()),
  is_append_only: maybe(boolean()),
  upsert_columns: maybe(array(number())),
  schema: maybe(SchemaStruct),
});

/** `spec`. Property values are strings on the wire; anything else is tolerated and stringified. */
export const StatementSpecStruct = type({
  statement: maybe(string()),
  properties: maybe(record(string(), unknown())),
  compute_pool_id: maybe(string()),
  principal: maybe(string()),
  stopped: maybe(boolean()),
  execution_mode: maybe(string()),
});

/** `status`: `phase` is the only required field (an extensible enum: any string). */
export const StatementStatusStruct = type({
  phase: string(),
  detail: maybe(string()),
  traits: maybe(TraitsStruct),
  scaling_status: maybe(type({ scaling_state: maybe(string()) })),
  /** Legacy location of the schema (2023 responses). */
  result_schema: maybe(SchemaStruct),
});

/** A Statement resource (create, get, patch responses and list items). */
export const StatementStruct = type({
  name: string(),
  organization_id: maybe(string()),
  environment_id: maybe(string()),
  metadata: maybe(StatementMetadataStruct),
  spec: StatementSpecStruct,
  status: StatementStatusStruct,
});
export type StatementJson = Infer<typeof StatementStruct>;

/** `metadata` of paged lists and results: `next` absent, null and "" all mean "last page". */
export const PageMetadataStruct = type({
  next: maybe(string()),
});

/** `GET /statements`. `data` may be null (an empty page). */
export const StatementListStruct = type({
  metadata: maybe(PageMetadataStruct),
  data: maybe(array(StatementStruct)),
});
export type StatementListJson = Infer<typeof StatementListStruct>;

/** One changelog item of a results page. `op` absent means 0 (+I). */
export const ResultItemStruct = type({
  op: maybe(number()),
  row: array(unknown()),
});

/**
 * `GET /statements/{name}/results`. Items are checked by a fast loop in the statements API
 * (pages can hold thousands of rows), with the same error paths as {@link ResultItemStruct}.
 */
export const StatementResultStruct = type({
  metadata: maybe(PageMetadataStruct),
  results: type({
    data: maybe(array(unknown())),
  }),
});
export type StatementResultJson = Infer<typeof StatementResultStruct>;

/** `GET /statements/{name}/exceptions`. */
export const StatementExceptionListStruct = type({
  data: maybe(
    array(
      type({
        name: maybe(string()),
        message: maybe(string()),
        timestamp: maybe(string()),
      }),
    ),
  ),
});
export type StatementExceptionListJson = Infer<typeof StatementExceptionListStruct>;

/**
 * Error bodies in every shape seen (wire-protocol.md section 6.1): the standard
 * `{errors:[{id,status,code,title,detail,source}]}`, the legacy `{error:{message}}` and
 * `{message}`, and the newer guideline `{status, error:{code,message,...}, requestId}`.
 */
export const ErrorBodyStruct = type({
  errors: maybe(
    array(
      type({
        id: maybe(string()),
        status: maybe(union([string(), number()])),
        code: maybe(string()),
        title: maybe(string()),
        detail: maybe(string()),
        resolution: maybe(string()),
      }),
    ),
  ),
  error: maybe(
    union([
      string(),
      type({
        code: maybe(union([string(), number()])),
        message: maybe(string()),
        details: maybe(unknown()),
        suggestion: maybe(string()),
      }),
    ]),
  ),
  message: maybe(string()),
  requestId: maybe(string()),
});
export type ErrorBodyJson = Infer<typeof ErrorBodyStruct>;

/** Control plane `GET /org/v2/organizations`. */
export const OrganizationListStruct = type({
  metadata: maybe(PageMetadataStruct),
  data: maybe(array(type({ id: string() }))),
});

/** Formats a superstruct path as `a.b[0].c`. */
export function formatPath(path: readonly unknown[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}

/**
 * Checks `value` against `struct`; returns it typed, or throws a ProtocolError naming the path of
 * the first failure and what was expected. `what` names the body (e.g. "statement response").
 */
export function validate<T, S>(value: unknown, struct: Struct<T, S>, what: string, context: ErrorContext = {}): T {
  const [error, result] = superValidate(value, struct);
  if (error === undefined) return result;
  const path = formatPath(error.path);
  const got = error.value === undefined ? "nothing" : describe(error.value);
  throw new ProtocolError(`Invalid ${what}: at ${path}, expected ${error.type}, got ${got}`, {
    ...context,
    path,
  });
}

/** A short description of an offending value (truncated, never a whole body). */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
