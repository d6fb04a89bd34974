/**
 * `CREATE TABLE t (...) LIKE source [(options)]` as Flink's MergeTableLikeUtil merges it: the
 * source's columns come first, then the declared ones; each feature (GENERATED, METADATA,
 * WATERMARKS, CONSTRAINTS, DISTRIBUTION, OPTIONS) is INCLUDING, EXCLUDING or OVERWRITING, by
 * default INCLUDING ALL OVERWRITING OPTIONS, and a clash that the strategy does not allow fails
 * with Flink's message. The source's `$rowtime` system column is not copied: every table has it.
 */
import { EngineError } from "../engine.ts";
import type * as ast from "./syntax/ast.ts";
import type { TableColumn, TableDef } from "./catalog.ts";

type Feature = Exclude<ast.LikeOption["feature"], "ALL">;
type Strategy = ast.LikeOption["mode"];

const DEFAULTS: Readonly<Record<Feature, Strategy>> = {
  OPTIONS: "OVERWRITING",
  WATERMARKS: "INCLUDING",
  GENERATED: "INCLUDING",
  METADATA: "INCLUDING",
  CONSTRAINTS: "INCLUDING",
  DISTRIBUTION: "INCLUDING",
  PARTITIONS: "INCLUDING",
};

/** The table-level features the new table declares itself (validated against the merged columns). */
export interface DeclaredFeatures {
  readonly primaryKey: TableDef["primaryKey"];
  readonly watermark: TableDef["watermark"];
  readonly distribution: TableDef["distribution"];
  readonly options: Readonly<Record<string, string>>;
}

/** Merging strategies: the defaults, then ALL, then each option named (computeMergingStrategies). */
function strategies(options: readonly ast.LikeOption[]): Record<Feature, Strategy> {
  const out = { ...DEFAULTS };
  const all = options.find((o) => o.feature === "ALL");
  if (all) for (const f of Object.keys(out) as Feature[]) out[f] = all.mode;
  for (const o of options) if (o.feature !== "ALL") out[o.feature] = o.mode;
  return out;
}

const fail = (message: string): never => {
  throw new EngineError(message);
};

/** The source's columns, then the declared ones (appendDerivedColumns). */
export function mergeLikeColumns(source: TableDef, like: ast.LikeClause, declared: readonly TableColumn[]): TableColumn[] {
  const s = strategies(like.options);
  const columns = new Map<string, TableColumn>();
  for (const c of source.columns) {
    if (c.system || c.name === "$rowtime") continue;
    if (c.kind === "computed" && s.GENERATED === "EXCLUDING") continue;
    if (c.kind === "metadata" && s.METADATA === "EXCLUDING") continue;
    columns.set(c.name, c);
  }
  for (const c of declared) {
    const base = columns.get(c.name);
    if (base && c.kind === "physical") fail(`A column named '${c.name}' already exists in the base table.`);
    if (base && c.kind === "computed") {
      if (base.kind !== "computed") fail(`A column named '${c.name}' already exists in the base table. Computed columns can only overwrite other computed columns.`);
      if (s.GENERATED !== "OVERWRITING") fail(`A generated column named '${c.name}' already exists in the base table. You might want to specify EXCLUDING GENERATED or OVERWRITING GENERATED.`);
    }
    if (base && c.kind === "metadata") {
      if (base.kind !== "metadata") fail(`A column named '${c.name}' already exists in the base table. Metadata columns can only overwrite other metadata columns.`);
      if (s.METADATA !== "OVERWRITING") fail(`A metadata column named '${c.name}' already exists in the base table. You might want to specify EXCLUDING METADATA or OVERWRITING METADATA.`);
    }
    columns.set(c.name, c);
  }
  return [...columns.values()];
}

/** Watermark, primary key, distribution and options of the new table. */
export function mergeLikeFeatures(source: TableDef, like: ast.LikeClause, declared: DeclaredFeatures): DeclaredFeatures {
  const s = strategies(like.options);
  let watermark = s.WATERMARKS === "EXCLUDING" ? null : source.watermark;
  if (declared.watermark) {
    if (watermark && watermark.column === declared.watermark.column && s.WATERMARKS !== "OVERWRITING") {
      fail(`There already exists a watermark spec for column '${watermark.column}' in the base table. You might want to specify EXCLUDING WATERMARKS or OVERWRITING WATERMARKS.`);
    }
    watermark = declared.watermark;
  }

  const basePk = s.CONSTRAINTS === "INCLUDING" ? source.primaryKey : null;
  if (basePk && declared.primaryKey) fail("The base table already has a primary key. You might want to specify EXCLUDING CONSTRAINTS.");

  if (declared.distribution && source.distribution && s.DISTRIBUTION !== "EXCLUDING") {
    fail("The base table already has a distribution defined. You might want to specify EXCLUDING DISTRIBUTION.");
  }

  const options: Record<string, string> = s.OPTIONS === "EXCLUDING" ? {} : { ...source.options };
  for (const [k, v] of Object.entries(declared.options)) {
    if (s.OPTIONS !== "OVERWRITING" && k in options) {
      fail(`There already exists an option ['${k}' -> '${options[k]}']  in the base table. You might want to specify EXCLUDING OPTIONS or OVERWRITING OPTIONS.`);
    }
    options[k] = v;
  }

  return {
    primaryKey: declared.primaryKey ?? basePk,
    watermark,
    distribution: declared.distribution ?? (s.DISTRIBUTION === "EXCLUDING" ? null : source.distribution),
    options,
  };
}
