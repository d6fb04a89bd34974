/**
 * Planning of the built-in changelog conversion PTFs (Confluent docs, "Changelog Conversion",
 * https://docs.confluent.io/cloud/current/flink/reference/functions/changelog-conversion.html;
 * Flink docs, "Queries > Changelog Conversion"):
 *
 *   FROM_CHANGELOG(input => TABLE t [PARTITION BY k], [op => DESCRIPTOR(col),]
 *                  [op_mapping => MAP['code', 'ROW_KIND', ...],] [error_handling => 'FAIL' | 'SKIP'])
 *   TO_CHANGELOG(input => TABLE t [PARTITION BY k], [op => DESCRIPTOR(col),]
 *                [op_mapping => MAP['ROW_KIND[, ROW_KIND]', 'code', ...]])
 *
 * The op column defaults to `op`; the default mapping uses the row kind names INSERT,
 * UPDATE_BEFORE, UPDATE_AFTER, DELETE; map keys (FROM: codes, TO: kinds) may list several
 * comma-separated entries. Output columns: the PARTITION BY keys first (the PTF framework
 * prepends them), then FROM: the other columns without the op column; TO: the op column
 * (STRING) and the other columns. Validation texts are those of Flink's FromChangelogTypeStrategy
 * / ToChangelogTypeStrategy. The input table is resolved by query.ts.
 */
import type { OpCode } from "../../engine.ts";
import type * as ast from "../syntax/ast.ts";
import type { ChangelogPtfSpec } from "../runtime/changelog-ptf.ts";
import type { Field, PlanNode } from "./plan.ts";
import { upsertKeyOf, upsertKeysOf } from "./plan.ts";
import { validationError } from "./scope.ts";
import { T, typeName } from "./types.ts";

export const CHANGELOG_PTFS = new Set(["FROM_CHANGELOG", "TO_CHANGELOG"]);

/** Parameter names in declaration order (positional arguments bind in this order). */
const PARAMS: Record<string, readonly string[]> = {
  FROM_CHANGELOG: ["input", "op", "op_mapping", "error_handling"],
  TO_CHANGELOG: ["input", "op", "op_mapping", "produces_full_deletes"],
};

const ROW_KINDS: ReadonlyMap<string, OpCode> = new Map<string, OpCode>([
  ["INSERT", 0],
  ["UPDATE_BEFORE", 1],
  ["UPDATE_AFTER", 2],
  ["DELETE", 3],
]);
const ROW_KIND_LIST = `[${[...ROW_KINDS.keys()].join(", ")}]`;

/** The call's arguments by parameter name (lower case), named and positional. */
export function changelogPtfArgs(name: string, call: ast.FunctionCall): Map<string, ast.Expr> {
  const params = PARAMS[name]!;
  const args = new Map<string, ast.Expr>();
  let i = 0;
  for (const a of call.args) {
    if (a.kind === "NamedArgument") {
      const p = a.name.toLowerCase();
      if (!params.includes(p)) throw validationError(a, `Unknown argument name '${a.name}' for function ${name}. Supported arguments: ${params.join(", ")}.`);
      if (args.has(p)) throw validationError(a, `Argument '${p}' of ${name} is given more than once.`);
      args.set(p, a.value);
    } else {
      if (i >= params.length) throw validationError(a, `Too many arguments for function ${name}: it takes at most ${params.length}.`);
      args.set(params[i++]!, a);
    }
  }
  const input = args.get("input");
  if (!input || input.kind !== "TableArgument") throw validationError(call, `First argument must be a table for ${name}.`);
  return args;
}

/** What query.ts needs to build the node: the analyzed input of the `input` argument. */
export interface ChangelogPtfPlan {
  readonly spec: ChangelogPtfSpec;
  readonly fields: Field[];
  readonly insertOnly: boolean;
  readonly upsertKey: number[] | null;
}

function partitionCols(name: string, data: ast.TableArgument, fields: readonly Field[]): number[] {
  return data.partitionBy.map((e) => {
    if (e.kind !== "Identifier") throw validationError(e, `PARTITION BY of a ${name} table argument must name columns of the table`);
    const col = e.parts[e.parts.length - 1]!;
    const i = fields.findIndex((f) => f.name === col && !f.hidden);
    if (i < 0) throw validationError(e, `Column '${col}' not found in any table`);
    return i;
  });
}

function opColumnName(args: Map<string, ast.Expr>): string {
  const d = args.get("op");
  if (!d) return "op";
  if (d.kind !== "Descriptor") throw validationError(d, "The argument 'op' must be a DESCRIPTOR with a single column name.");
  if (d.columns.length !== 1) throw validationError(d, "The descriptor for argument 'op' must contain exactly one column name.");
  return d.columns[0]!.value;
}

/** `MAP['k', 'v', ...]` with string literal entries, or null when the argument is absent. */
function opMapping(args: Map<string, ast.Expr>): Array<{ key: string; value: string; at: ast.NodeBase }> | null {
  const m = args.get("op_mapping");
  if (!m || m.kind === "NullLiteral") return null;
  const fail = () => validationError(m, "The 'op_mapping' argument must be a constant MAP literal.");
  if (m.kind !== "MapConstructor") throw fail();
  return m.entries.map((e) => {
    if (e.key.kind !== "StringLiteral" || e.value.kind !== "StringLiteral") throw fail();
    return { key: e.key.value, value: e.value.value, at: e };
  });
}

function isString(f: Field): boolean {
  return f.type.type === "VARCHAR" || f.type.type === "CHAR";
}

/** The visible columns other than the partition keys and `exclude` (input indices), in input order. */
function passThrough(fields: readonly Field[], keys: readonly number[], exclude: number): number[] {
  const rest: number[] = [];
  fields.forEach((f, i) => {
    if (!f.hidden && i !== exclude && !keys.includes(i)) rest.push(i);
  });
  return rest;
}

const plain = (f: Field): Field => ({ name: f.name, type: f.type });

export function planFromChangelog(call: ast.FunctionCall, args: Map<string, ast.Expr>, input: PlanNode): ChangelogPtfPlan {
  const data = args.get("input") as ast.TableArgument;
  const fields = input.fields;
  if (!input.insertOnly) {
    throw validationError(data, "Table argument 'input' of FROM_CHANGELOG must be an append-only table, but the input produces update and delete changes.");
  }
  const keys = partitionCols("FROM_CHANGELOG", data, fields);
  const opName = opColumnName(args);
  const opIndex = fields.findIndex((f) => f.name === opName && !f.hidden);
  if (opIndex < 0) throw validationError(args.get("op") ?? call, `The op column '${opName}' does not exist in the input schema.`);
  const opField = fields[opIndex]!;
  if (!isString(opField)) throw validationError(args.get("op") ?? call, `The op column '${opName}' must be of STRING type, but was '${typeName(opField.type)}'.`);

  const mapping = opMapping(args);
  let codes: Map<string, OpCode>;
  if (mapping === null) codes = new Map(ROW_KINDS);
  else {
    codes = new Map();
    const seen = new Set<string>();
    for (const e of mapping) {
      const kindName = e.value.trim();
      const kind = ROW_KINDS.get(kindName);
      if (kind === undefined) {
        throw validationError(e.at, `Invalid target mapping for argument 'op_mapping'. Unknown change operation: '${kindName}'. Valid values are: ${ROW_KIND_LIST}.`);
      }
      if (seen.has(kindName)) {
        throw validationError(
          e.at,
          `Invalid target mapping for argument 'op_mapping'. Duplicate change operation: '${kindName}'. Use comma-separated keys to map multiple codes to the same operation (e.g., MAP['c, r', 'INSERT']).`,
        );
      }
      seen.add(kindName);
      for (const code of e.key.split(",")) codes.set(code.trim(), kind);
    }
  }
  const kinds = new Set(codes.values());
  // Without UPDATE_BEFORE an update carries only its new image: upsert mode, which needs the
  // PARTITION BY key to know which row it replaces (FLINK-39538).
  const upsert = kinds.has(2) && !kinds.has(1);
  if (upsert && keys.length === 0) {
    throw validationError(
      args.get("op_mapping") ?? call,
      "An 'op_mapping' that produces UPDATE_AFTER without UPDATE_BEFORE describes an upsert changelog and requires a key. Add PARTITION BY to the input table to define the upsert key, or include UPDATE_BEFORE in the mapping for retract semantics.",
    );
  }
  const errorHandling = args.get("error_handling");
  let skipInvalid = false;
  if (errorHandling && errorHandling.kind !== "NullLiteral") {
    if (errorHandling.kind !== "StringLiteral") throw validationError(errorHandling, "The 'error_handling' argument must be a constant STRING literal.");
    // Case-sensitive, as Flink's ErrorHandlingMode.fromName.
    const v = errorHandling.value;
    if (v !== "FAIL" && v !== "SKIP") throw validationError(errorHandling, `Invalid value for argument 'error_handling': '${v}'. Valid values are: FAIL, SKIP.`);
    skipInvalid = v === "SKIP";
  }
  const output = [...keys, ...passThrough(fields, keys, opIndex)];
  const keyPositions = keys.map((_, i) => i);
  return {
    spec: { kind: "FROM_CHANGELOG", opIndex, codes, skipInvalid, output, upsertKey: upsert ? keyPositions : null },
    fields: output.map((i) => plain(fields[i]!)),
    insertOnly: false,
    upsertKey: upsert ? keyPositions : null,
  };
}

/**
 * The row kinds an input can produce, as Flink's changelog mode inference derives them for the
 * common cases: insert-only; a group aggregate over an insert-only input updates but never
 * deletes; anything else updating may produce all four kinds.
 */
function inputKinds(n: PlanNode): Set<OpCode> {
  if (n.insertOnly) return new Set<OpCode>([0]);
  switch (n.kind) {
    case "Aggregate":
      return n.input.insertOnly ? new Set<OpCode>([0, 1, 2]) : new Set<OpCode>([0, 1, 2, 3]);
    case "Filter":
    case "Project":
      return inputKinds(n.input);
    default:
      return new Set<OpCode>([0, 1, 2, 3]);
  }
}

const kindList = (kinds: Iterable<OpCode>) => `[${[...kinds].sort((a, b) => a - b).map((k) => [...ROW_KINDS.keys()][k]).join(", ")}]`;

/** `batch`: snapshot mode, where every input (an aggregate's final rows included) only inserts. */
export function planToChangelog(call: ast.FunctionCall, args: Map<string, ast.Expr>, input: PlanNode, batch: boolean): ChangelogPtfPlan {
  const data = args.get("input") as ast.TableArgument;
  const fields = input.fields;
  const keys = partitionCols("TO_CHANGELOG", data, fields);
  const opName = opColumnName(args);
  const mapping = opMapping(args);
  const codes: (string | null)[] = [null, null, null, null];
  if (mapping === null) for (const [n, k] of ROW_KINDS) codes[k] = n;
  else {
    const seen = new Set<OpCode>();
    for (const e of mapping) {
      for (const raw of e.key.split(",")) {
        const name = raw.trim();
        const kind = ROW_KINDS.get(name);
        if (kind === undefined) {
          throw validationError(e.at, `Invalid target mapping for argument 'op_mapping'. Unknown change operation: '${name}'. Operations are case-sensitive. Valid values are: ${ROW_KIND_LIST}.`);
        }
        if (seen.has(kind)) throw validationError(e.at, `Invalid target mapping for argument 'op_mapping'. Duplicate change operation: '${name}'.`);
        seen.add(kind);
        codes[kind] = e.value;
      }
    }
  }
  // TO_CHANGELOG accepts upsert input: an updating input with a unique key reaches it without
  // UPDATE_BEFORE (Flink docs, TO_CHANGELOG "Basic usage": an aggregation gives INSERT,
  // UPDATE_AFTER, DELETE); one without a key stays a retract changelog.
  const kinds = batch ? new Set<OpCode>([0]) : inputKinds(input);
  if (!input.insertOnly && upsertKeysOf(input).length > 0) kinds.delete(1);
  for (let k = 0; k < 4; k++) if (!kinds.has(k as OpCode) && mapping === null) codes[k] = null;
  if (mapping !== null) {
    // ToChangelogFunction.validateOpMap: entries for kinds the input never produces are rejected.
    const dead = mapping.flatMap((e) => e.key.split(",").map((n) => ROW_KINDS.get(n.trim())!)).filter((k) => !kinds.has(k));
    if (dead.length > 0) {
      throw validationError(
        args.get("op_mapping")!,
        `Invalid 'op_mapping' for TO_CHANGELOG: the input table only produces ${kindList(kinds)} and does not produce ${kindList(new Set(dead))}. Remove those entries from the mapping.`,
      );
    }
  }
  const fullDeletes = producesFullDeletes(args, mapping, kinds, keys.length > 0, upsertKeysOf(input).length > 0);
  const rest = passThrough(fields, keys, -1);
  const output = [...keys, -1, ...rest];
  const outFields: Field[] = [...keys.map((i) => plain(fields[i]!)), { name: opName, type: T.string(true) }, ...rest.map((i) => plain(fields[i]!))];
  const dup = outFields.findIndex((f, i) => outFields.findIndex((g) => g.name === f.name) !== i);
  if (dup >= 0) throw validationError(args.get("op") ?? call, `Field names must be unique. Found duplicates: [${outFields[dup]!.name}]`);
  // produces_full_deletes => FALSE: DELETE rows keep the partition keys, the op column and the
  // input's upsert key columns; the other columns are NULL (ToChangelogFunction).
  let deleteKeeps: boolean[] | null = null;
  if (!fullDeletes) {
    const upsertKey = upsertKeyOf(input) ?? [];
    deleteKeeps = output.map((i, pos) => pos < keys.length || i < 0 || upsertKey.includes(i));
  }
  return { spec: { kind: "TO_CHANGELOG", codes, output, deleteKeeps }, fields: outFields, insertOnly: true, upsertKey: null };
}

/** The `produces_full_deletes` argument (default TRUE), with ToChangelog's validations. */
function producesFullDeletes(
  args: Map<string, ast.Expr>,
  mapping: ReturnType<typeof opMapping>,
  kinds: ReadonlySet<OpCode>,
  partitioned: boolean,
  hasUpsertKey: boolean,
): boolean {
  const a = args.get("produces_full_deletes");
  if (!a || a.kind === "NullLiteral") return true;
  if (a.kind !== "BooleanLiteral") throw validationError(a, "The 'produces_full_deletes' argument must be a constant BOOLEAN literal.");
  if (a.value) {
    if (mapping !== null && !mapping.some((e) => e.key.split(",").some((n) => n.trim() === "DELETE"))) {
      throw validationError(
        a,
        "Invalid 'produces_full_deletes' for TO_CHANGELOG: the active 'op_mapping' does not map DELETE rows, so no DELETE rows are emitted. Remove the 'produces_full_deletes' argument or add a DELETE entry to 'op_mapping'.",
      );
    }
    if (!kinds.has(3)) {
      throw validationError(a, `Invalid 'produces_full_deletes' for TO_CHANGELOG: the input table only produces ${kindList(kinds)} and never emits DELETE rows. Remove the 'produces_full_deletes' argument.`);
    }
    return true;
  }
  if (!partitioned && !hasUpsertKey) {
    throw validationError(
      a,
      "Invalid 'produces_full_deletes=false' for TO_CHANGELOG: the input has no upsert key and the call has no PARTITION BY, so the function has no identifying columns to preserve on DELETE rows. Remove the argument (the default emits full DELETE rows) or add a PARTITION BY.",
    );
  }
  return false;
}
