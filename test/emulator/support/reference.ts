/**
 * Example bodies from wire-protocol.md (copied as data), and a field-by-field comparison:
 * every key of the example must be present with the same JSON kind, and the emulator must
 * send no key the example lacks unless a test allows it.
 */

/** §3.1 Statement (COMPLETED snapshot query). */
export const REF_STATEMENT = {
  api_version: "sql/v1",
  kind: "Statement",
  metadata: {
    self: "https://flink.us-east-1.aws.confluent.cloud/sql/v1/organizations/7c210ed4-.../environments/env-d0v2k7/statements/dbapi-d4c685ef-...",
    created_at: "2025-11-07T18:45:05.102478Z",
    updated_at: "2025-11-07T18:45:05.989814Z",
    uid: "77826b1d-314e-4c6a-b33c-46e879930160",
    resource_version: "5",
    labels: {},
  },
  name: "dbapi-d4c685ef-befe-4091-9548-05d5ccb52d4a",
  organization_id: "7c210ed4-6e1e-4355-abf9-b25e25a8b25a",
  environment_id: "env-d0v2k7",
  spec: {
    statement: "SELECT TRUE AS VALUE",
    properties: { "sql.current-catalog": "env-d0v2k7", "sql.current-database": "python_udf", "sql.snapshot.mode": "now" },
    compute_pool_id: "lfcp-01x6d2",
    principal: "u-0xw9v9p",
    stopped: false,
    execution_mode: "BATCH",
  },
  status: {
    phase: "COMPLETED",
    detail: "",
    network_kind: "PUBLIC",
    scaling_status: { scaling_state: "OK", last_updated: "2025-11-07T18:45:05Z" },
    traits: {
      sql_kind: "SELECT",
      is_bounded: true,
      is_append_only: true,
      upsert_columns: null,
      connection_refs: [],
      schema: { columns: [{ name: "VALUE", type: { type: "BOOLEAN", nullable: false } }] },
    },
  },
};

/** §2.2 StatementList. */
export const REF_LIST = {
  api_version: "sql/v1",
  kind: "StatementList",
  metadata: {
    self: "https://flink.us-east-1.aws.confluent.cloud/sql/v1/organizations/<org>/environments/<env>/statements",
    next: "https://flink.us-east-1.aws.confluent.cloud/sql/v1/organizations/<org>/environments/<env>/statements?page_size=100&page_token=UvmDWOB1iwfAIBPj6EYb",
  },
  data: [],
};

/** §2.7 StatementResult (real capture shape). */
export const REF_RESULT = {
  api_version: "sql/v1",
  kind: "StatementResult",
  metadata: {
    created_at: "2025-05-02T17:54:46.85727309Z",
    next: "https://flink.us-east1.gcp.confluent.cloud/sql/v1/organizations/<org>/environments/<env>/statements/<name>/results?page_token=<token>",
    self: "https://flink.us-east1.gcp.confluent.cloud/sql/v1/organizations/<org>/environments/<env>/statements/<name>/results",
  },
  results: { data: [{ op: 0, row: ["2025-04-25 06:53:43.584845", "61.2"] }] },
};

/** §2.7 the real "not ready" 409 capture. */
export const REF_NOT_READY = {
  errors: [
    {
      id: "68aa297123012938c6e011e373b178d6",
      status: "409",
      detail: "Results for Statement=jrobinson-vscode-2025-05-15t15-14-47 not ready",
      source: {},
    },
  ],
};

/** §2.8 StatementExceptionList. */
export const REF_EXCEPTIONS = {
  api_version: "sql/v1",
  kind: "StatementExceptionList",
  metadata: { self: "https://flink.../statements/sql123/exceptions" },
  data: [
    {
      kind: "StatementException",
      name: "java.lang.RuntimeException",
      message: "java.lang.RuntimeException: An error occurred",
      timestamp: "2025-11-10T16:20:00Z",
    },
  ],
};

/** §6.1 error bodies built for an emulator. */
export const REF_404 = { errors: [{ id: "3f0c1e", status: "404", detail: "Statement=foo not found", source: {} }] };
export const REF_409_NAME = {
  errors: [{ id: "x", status: "409", detail: "Statement name 'foo' is already in use", source: { pointer: "/name" } }],
};

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * Differences between `actual` and `example` as readable lines (empty = same shape).
 * `nullable` lists paths where either null or the example's kind is fine; arrays compare
 * their first elements.
 */
export function shapeDiff(actual: unknown, example: unknown, options: { nullable?: string[]; extra?: string[] } = {}, path = "$"): string[] {
  const out: string[] = [];
  const ka = kind(actual);
  const ke = kind(example);
  if (ka !== ke) {
    if (!(options.nullable?.includes(path) && (ka === "null" || ke === "null"))) out.push(`${path}: ${ka} instead of ${ke}`);
    return out;
  }
  if (ke === "object") {
    const a = actual as Record<string, unknown>;
    const e = example as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!(key in a)) out.push(`${path}.${key}: missing`);
      else out.push(...shapeDiff(a[key], e[key], options, `${path}.${key}`));
    }
    for (const key of Object.keys(a)) {
      if (!(key in e) && !options.extra?.includes(`${path}.${key}`)) out.push(`${path}.${key}: not in the example`);
    }
  } else if (ke === "array") {
    const a = actual as unknown[];
    const e = example as unknown[];
    if (a.length > 0 && e.length > 0) out.push(...shapeDiff(a[0], e[0], options, `${path}[0]`));
  }
  return out;
}
