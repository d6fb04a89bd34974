/**
 * Route handlers for sql/v1 statements, results and exceptions, and the control plane's
 * organization list. Each handler validates its input (bad input changes nothing), calls
 * the lifecycle, and renders the wire JSON (wire-protocol.md sections 2, 3, 6).
 */
import type { Clock } from "../clock.ts";
import type { Caller } from "./auth.ts";
import { HttpError, emptyResponse, isObject, jsonResponse, readJson } from "./http.ts";
import type { Lifecycle } from "./lifecycle.ts";
import { listStatements } from "./list.ts";
import { decodeResultToken, encodeResultToken } from "./results.ts";
import { exceptionJson, statementJson, statementsPath, type StoredStatement } from "./statement.ts";
import { rfc3339 } from "./time.ts";

export interface GatewayConfig {
  readonly organizationId: string;
  readonly environmentId: string;
  readonly organizationName: string;
  readonly defaultComputePoolId: string;
  readonly resultPageSize: number;
  readonly snapshotResultsTtlMs: number;
  readonly maxStatementNameLength: number;
  readonly clock: Clock;
  readonly lifecycle: Lifecycle;
}

export interface RouteContext {
  readonly request: Request;
  readonly url: URL;
  readonly caller: Caller;
  /** Path parameter `statement_name` (decoded), when the route has one. */
  readonly name: string;
}

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_STATEMENT_BYTES = 4_194_304;

export class Routes {
  readonly #cfg: GatewayConfig;

  constructor(config: GatewayConfig) {
    this.#cfg = config;
  }

  #base(url: URL): string {
    return `${url.origin}${statementsPath(this.#cfg.organizationId, this.#cfg.environmentId)}`;
  }

  #json(st: StoredStatement, url: URL): Record<string, unknown> {
    return statementJson(st, this.#cfg, this.#base(url));
  }

  #find(name: string): StoredStatement {
    const st = this.#cfg.lifecycle.get(name);
    if (!st) throw new HttpError(404, `Statement=${name} not found`);
    return st;
  }

  // POST P/statements
  async create(ctx: RouteContext): Promise<Response> {
    const body = await readJson(ctx.request);
    if (!isObject(body)) throw new HttpError(400, "The request body must be a JSON object (a Statement)");
    const name = body.name;
    if (name === undefined || name === null || name === "") throw new HttpError(400, "name is required", { pointer: "/name" });
    if (typeof name !== "string") throw new HttpError(400, "name must be a string", { pointer: "/name" });
    if (name.length > this.#cfg.maxStatementNameLength) {
      throw new HttpError(422, `name must be at most ${this.#cfg.maxStatementNameLength} characters long`, { pointer: "/name" });
    }
    if (!NAME_PATTERN.test(name)) {
      throw new HttpError(
        422,
        `name '${name}' is invalid: it must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
        { pointer: "/name" },
      );
    }
    for (const [field, expected] of [
      ["organization_id", this.#cfg.organizationId],
      ["environment_id", this.#cfg.environmentId],
    ] as const) {
      const v = body[field];
      if (v !== undefined && v !== null && v !== "" && v !== expected) {
        throw new HttpError(422, `${field} '${String(v)}' does not match the request path ('${expected}')`, { pointer: `/${field}` });
      }
    }
    const spec = body.spec;
    if (!isObject(spec)) throw new HttpError(400, "spec is required", { pointer: "/spec" });
    const sql = spec.statement;
    if (typeof sql !== "string" || sql.trim() === "") {
      throw new HttpError(400, "spec.statement is required", { pointer: "/spec/statement" });
    }
    if (new TextEncoder().encode(sql).length > MAX_STATEMENT_BYTES) {
      throw new HttpError(400, `This query is too large to process (exceeds ${MAX_STATEMENT_BYTES} bytes).`, { pointer: "/spec/statement" });
    }
    const properties = parseStringMap(spec.properties, "/spec/properties", 8192);
    const metadata = body.metadata;
    if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
      throw new HttpError(422, "metadata must be an object", { pointer: "/metadata" });
    }
    const labels = parseStringMap(isObject(metadata) ? metadata.labels : undefined, "/metadata/labels", 8192) ?? {};
    const computePoolId = parseOptionalString(spec.compute_pool_id, "/spec/compute_pool_id", 255) || this.#cfg.defaultComputePoolId;
    const principal = parseOptionalString(spec.principal, "/spec/principal", 1024) || ctx.caller.principal;
    const stopped = spec.stopped;
    if (stopped !== undefined && stopped !== null && typeof stopped !== "boolean") {
      throw new HttpError(422, "spec.stopped must be a boolean", { pointer: "/spec/stopped" });
    }
    let st: StoredStatement;
    try {
      st = this.#cfg.lifecycle.create({ name, sql, properties, labels, computePoolId, principal, stopped: stopped === true });
    } catch (e) {
      if (e instanceof HttpError && e.status === 409) {
        // The real API may point at the conflicting resource (wire-protocol.md section 6.2).
        throw new HttpError(e.status, e.detail, e.source, { Location: `${this.#base(ctx.url)}/${name}` });
      }
      throw e;
    }
    const json = this.#json(st, ctx.url);
    return jsonResponse(201, json, { Location: `${this.#base(ctx.url)}/${st.name}` });
  }

  // GET P/statements
  list(ctx: RouteContext): Response {
    const { items, nextToken } = listStatements(this.#cfg.lifecycle.all(), ctx.url.searchParams);
    const base = this.#base(ctx.url);
    const metadata: Record<string, unknown> = { self: base };
    if (nextToken !== null) {
      const params = new URLSearchParams();
      for (const [k, v] of ctx.url.searchParams) if (k !== "page_token") params.append(k, v);
      params.append("page_token", nextToken); // last, so `next.split("page_token=")[1]` works
      metadata.next = `${base}?${params.toString()}`;
    }
    return jsonResponse(200, {
      api_version: "sql/v1",
      kind: "StatementList",
      metadata,
      data: items.map((st) => this.#json(st, ctx.url)),
    });
  }

  // GET P/statements/{name}
  get(ctx: RouteContext): Response {
    return jsonResponse(200, this.#json(this.#find(ctx.name), ctx.url));
  }

  // PUT P/statements/{name}: full update, optimistic concurrency on metadata.resource_version.
  async update(ctx: RouteContext): Promise<Response> {
    const st = this.#find(ctx.name);
    const body = await readJson(ctx.request);
    if (!isObject(body)) throw new HttpError(400, "The request body must be a JSON object (a Statement)");
    if (body.name !== undefined && body.name !== null && body.name !== st.name) {
      throw new HttpError(422, `name '${String(body.name)}' does not match the statement in the path ('${st.name}')`, { pointer: "/name" });
    }
    const metadata = body.metadata;
    const rv = isObject(metadata) ? metadata.resource_version : undefined;
    if (typeof rv !== "string" && typeof rv !== "number") {
      throw new HttpError(400, "metadata.resource_version is required", { pointer: "/metadata/resource_version" });
    }
    if (String(rv) !== String(st.resourceVersion)) {
      throw new HttpError(
        409,
        `The statement has been modified: resource_version ${String(rv)} is stale (current ${st.resourceVersion}); read it again and retry`,
        { pointer: "/metadata/resource_version" },
      );
    }
    const spec = body.spec;
    if (!isObject(spec)) throw new HttpError(400, "spec is required", { pointer: "/spec" });
    if (typeof spec.stopped !== "boolean") throw new HttpError(400, "spec.stopped is required", { pointer: "/spec/stopped" });
    if (spec.statement !== undefined && spec.statement !== null && spec.statement !== st.sql) {
      throw new HttpError(422, "spec.statement is immutable; stop this statement and create a new one", { pointer: "/spec/statement" });
    }
    const pool = parseOptionalString(spec.compute_pool_id, "/spec/compute_pool_id", 255);
    const principal = parseOptionalString(spec.principal, "/spec/principal", 1024);
    const labels = isObject(metadata) && metadata.labels !== undefined
      ? parseStringMap(metadata.labels, "/metadata/labels", 8192)
      : undefined;
    const labelsChanged = labels !== undefined && labels !== null && !sameMap(labels, st.labels);
    const changed = (pool && pool !== st.computePoolId) || (principal && principal !== st.principal) || labelsChanged;
    if (changed && spec.stopped && !st.stopped) {
      // TF: "To stop a running statement, no other argument can be updated except `stopped`".
      throw new HttpError(400, "To stop a running statement, no other field can be updated except spec.stopped", { pointer: "/spec" });
    }
    this.#applyStopped(st, spec.stopped);
    if (changed) {
      if (pool) st.computePoolId = pool;
      if (principal) st.principal = principal;
      if (labels && labelsChanged) st.labels = labels;
      this.#cfg.lifecycle.touch(st);
    }
    return emptyResponse(202);
  }

  // PATCH P/statements/{name}: JSON Patch (RFC 6902), ops in either case.
  async patch(ctx: RouteContext): Promise<Response> {
    const st = this.#find(ctx.name);
    const body = await readJson(ctx.request);
    if (!Array.isArray(body)) throw new HttpError(400, "The request body must be a JSON Patch array");
    const plan: Array<() => void> = [];
    let stopped: boolean | undefined;
    const labels = { ...st.labels };
    let labelsChanged = false;
    let pool: string | undefined;
    let principal: string | undefined;
    body.forEach((item: unknown, i: number) => {
      if (!isObject(item) || typeof item.op !== "string" || typeof item.path !== "string") {
        throw new HttpError(400, `Patch operation ${i} must have string 'op' and 'path'`, { pointer: `/${i}` });
      }
      const op = item.op.toLowerCase();
      const path = item.path;
      const value = item.value;
      const bad = (why: string) => new HttpError(422, `Patch operation ${i} (${item.op} ${path}): ${why}`, { pointer: `/${i}` });
      if (op === "test") {
        const current = readPath(st, path);
        if (current === NO_PATH) throw bad("unsupported path");
        if (JSON.stringify(current) !== JSON.stringify(value)) {
          throw new HttpError(409, `Patch operation ${i}: test of ${path} failed`, { pointer: `/${i}` });
        }
        return;
      }
      if (op !== "replace" && op !== "add" && op !== "remove") throw bad(`unsupported op '${item.op}'`);
      if (path === "/spec/stopped") {
        if (op === "remove" || typeof value !== "boolean") throw bad("value must be a boolean");
        stopped = value;
      } else if (path === "/spec/compute_pool_id" || path === "/spec/principal") {
        if (op === "remove" || typeof value !== "string" || value === "") throw bad("value must be a non-empty string");
        if (path === "/spec/compute_pool_id") pool = value;
        else principal = value;
      } else if (path === "/metadata/labels") {
        if (op === "remove") {
          for (const k of Object.keys(labels)) delete labels[k];
        } else {
          const parsed = parseStringMap(value, `/${i}/value`, 8192);
          for (const k of Object.keys(labels)) delete labels[k];
          Object.assign(labels, parsed ?? {});
        }
        labelsChanged = true;
      } else if (path.startsWith("/metadata/labels/")) {
        const key = path.slice("/metadata/labels/".length).replace(/~1/g, "/").replace(/~0/g, "~");
        if (op === "remove") {
          if (!(key in labels)) throw bad("no such label");
          delete labels[key];
        } else {
          if (typeof value !== "string") throw bad("label values are strings");
          labels[key] = value;
        }
        labelsChanged = true;
      } else if (path === "/spec/statement") {
        throw bad("spec.statement is immutable");
      } else {
        throw bad("unsupported path");
      }
    });
    if (stopped !== undefined) {
      const s = stopped;
      plan.push(() => this.#applyStopped(st, s));
    }
    if (labelsChanged || pool !== undefined || principal !== undefined) {
      plan.push(() => {
        if (labelsChanged) st.labels = labels;
        if (pool !== undefined) st.computePoolId = pool;
        if (principal !== undefined) st.principal = principal;
        this.#cfg.lifecycle.touch(st);
      });
    }
    for (const step of plan) step();
    return jsonResponse(200, this.#json(st, ctx.url));
  }

  #applyStopped(st: StoredStatement, stopped: boolean): void {
    if (st.phase === "DELETING") throw new HttpError(409, `Statement=${st.name} is being deleted`);
    if (stopped) this.#cfg.lifecycle.requestStop(st);
    else this.#cfg.lifecycle.requestResume(st);
  }

  // DELETE P/statements/{name}
  delete(ctx: RouteContext): Response {
    this.#cfg.lifecycle.delete(this.#find(ctx.name));
    return emptyResponse(202);
  }

  // GET P/statements/{name}/results
  results(ctx: RouteContext): Response {
    const st = this.#find(ctx.name);
    if (st.phase === "DELETING") throw new HttpError(404, `Statement=${st.name} not found`);
    const now = this.#cfg.clock.now();
    if (st.snapshot && now - st.createdAt >= this.#cfg.snapshotResultsTtlMs) {
      throw new HttpError(
        408,
        `Results for Statement=${st.name} are no longer available: snapshot query results are kept for ${Math.round(this.#cfg.snapshotResultsTtlMs / 60_000)} minutes after the statement was created`,
      );
    }
    if (st.phase === "FAILED" && st.compiled === null) {
      // What the real gateway answers here is unknown (wire-protocol.md 10.8). 409 "not ready"
      // means "retry" (2.7), so clients would spin on a statement that can never have results;
      // a 200 final page would claim a complete, empty result to clients that trust the
      // token-less page (2.7). A 400 carrying the failure is terminal and says why (6.2, 6.3);
      // run-time failures, which may have produced rows, keep their readable final page.
      throw new HttpError(400, `Results for Statement=${st.name} are not available: the statement failed: ${st.detail}`);
    }
    if (st.phase === "PENDING" || st.phase === "STOPPING") {
      throw new HttpError(409, `Results for Statement=${st.name} not ready`);
    }
    const token = ctx.url.searchParams.get("page_token");
    if (token !== null && token.length > 255) throw new HttpError(400, "page_token is too long", { parameter: "page_token" });
    const offset = token === null || token === "" ? 0 : decodeResultToken(st.uid, token);
    const { rows, nextOffset } = st.results.page(offset, this.#cfg.resultPageSize);
    this.#cfg.lifecycle.resultsRead(st);
    const self = `${this.#base(ctx.url)}/${encodeURIComponent(st.name)}/results`;
    const metadata: Record<string, unknown> = { created_at: rfc3339(now) };
    const done = st.results.ended && nextOffset >= st.results.end;
    if (!done) metadata.next = `${self}?page_token=${encodeResultToken(st.uid, nextOffset)}`;
    metadata.self = self;
    return jsonResponse(200, {
      api_version: "sql/v1",
      kind: "StatementResult",
      metadata,
      results: { data: rows.map((r) => ({ op: r.op, row: r.row })) },
    });
  }

  // GET P/statements/{name}/exceptions
  exceptions(ctx: RouteContext): Response {
    const st = this.#find(ctx.name);
    return jsonResponse(200, {
      api_version: "sql/v1",
      kind: "StatementExceptionList",
      metadata: { self: `${this.#base(ctx.url)}/${encodeURIComponent(st.name)}/exceptions` },
      data: st.exceptions.slice(0, 10).map(exceptionJson),
    });
  }

  // GET /org/v2/organizations (control plane, for organization inference)
  organizations(ctx: RouteContext): Response {
    const self = `${ctx.url.origin}/org/v2/organizations`;
    const created = rfc3339(Date.UTC(2024, 0, 1));
    return jsonResponse(200, {
      api_version: "org/v2",
      kind: "OrganizationList",
      metadata: { first: self },
      data: [
        {
          api_version: "org/v2",
          kind: "Organization",
          id: this.#cfg.organizationId,
          metadata: {
            self: `${self}/${this.#cfg.organizationId}`,
            resource_name: `crn://confluent.cloud/organization=${this.#cfg.organizationId}`,
            created_at: created,
            updated_at: created,
          },
          display_name: this.#cfg.organizationName,
          jit_enabled: false,
        },
      ],
    });
  }
}

function parseOptionalString(value: unknown, pointer: string, max: number): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new HttpError(422, `${pointer.slice(1).replace(/\//g, ".")} must be a string`, { pointer });
  if (value.length > max) throw new HttpError(422, `${pointer.slice(1).replace(/\//g, ".")} must be at most ${max} characters long`, { pointer });
  return value;
}

/** A map<string,string>; numbers and booleans are turned into strings (echoed as strings). */
function parseStringMap(value: unknown, pointer: string, maxEntries: number): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw new HttpError(422, `${pointer.slice(1).replace(/\//g, ".")} must be an object of strings`, { pointer });
  const entries = Object.entries(value);
  if (entries.length > maxEntries) throw new HttpError(422, `${pointer.slice(1).replace(/\//g, ".")} has more than ${maxEntries} entries`, { pointer });
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (typeof v === "string") out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else throw new HttpError(422, `value of '${k}' must be a string`, { pointer: `${pointer}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}` });
  }
  return out;
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

const NO_PATH = Symbol("no-path");

function readPath(st: StoredStatement, path: string): unknown {
  switch (path) {
    case "/spec/stopped":
      return st.stopped;
    case "/spec/compute_pool_id":
      return st.computePoolId;
    case "/spec/principal":
      return st.principal;
    case "/spec/statement":
      return st.sql;
    case "/status/phase":
      return st.phase;
    case "/metadata/labels":
      return st.labels;
    case "/metadata/resource_version":
      return String(st.resourceVersion);
    default:
      if (path.startsWith("/metadata/labels/")) {
        const key = path.slice("/metadata/labels/".length).replace(/~1/g, "/").replace(/~0/g, "~");
        return st.labels[key];
      }
      return NO_PATH;
  }
}
