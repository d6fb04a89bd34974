/**
 * Metadata statements' contents: DESCRIBE [EXTENDED] (Confluent's column layout), SHOW CREATE
 * TABLE/VIEW text and the INFORMATION_SCHEMA virtual tables (TABLES,
 * COLUMNS, SCHEMATA, CATALOGS) of a catalog, built from the catalog at query time. EXPLAIN's plan
 * text is explain.ts.
 */
import type { Column, LogicalType } from "../../types/model.ts";
import { formatType } from "../../types/format-type.ts";
import type { InternalValue } from "../../types/wire.ts";
import { TableLog, quoteIdent } from "./catalog.ts";
import type { CatalogEntry, Catalogs, CatalogObject, TableColumn, TableDef } from "./catalog.ts";
import type { Field } from "./planner/plan.ts";
import { T } from "./planner/types.ts";

function nullableText(nullable: boolean): string {
  return nullable ? "NULL" : "NOT NULL";
}

function typeText(c: { type: Parameters<typeof formatType>[0] }): string {
  // DESCRIBE shows the type without the NOT NULL suffix; nullability has its own column.
  return formatType({ ...c.type, nullable: true } as Parameters<typeof formatType>[0]);
}

/** DESCRIBE: Column Name, Data Type, Nullable, Extras (+ Comment with EXTENDED, which also lists `$rowtime`). */
export function describeTable(obj: CatalogObject, extended: boolean, viewFields: Field[] | null): { columns: Column[]; rows: InternalValue[][] } {
  const columns: Column[] = [
    { name: "Column Name", type: T.string(false) },
    { name: "Data Type", type: T.string(false) },
    { name: "Nullable", type: T.string(false) },
    { name: "Extras", type: T.string(false) },
  ];
  if (extended) columns.push({ name: "Comment", type: T.string(false) });
  const rows: InternalValue[][] = [];
  if (obj.kind === "view") {
    for (const f of viewFields ?? []) {
      const r: InternalValue[] = [f.name, typeText(f), nullableText(f.type.nullable), ""];
      if (extended) r.push("");
      rows.push(r);
    }
    return { columns, rows };
  }
  const t = obj;
  for (const c of t.columns) {
    const extras: string[] = [];
    if (t.primaryKey?.columns.includes(c.name)) extras.push("PRIMARY KEY");
    if (t.distribution?.columns.includes(c.name)) extras.push("BUCKET KEY");
    if (c.kind === "computed") extras.push(`AS ${c.exprText}`);
    if (c.kind === "metadata") extras.push(`METADATA${c.metadataKey && c.metadataKey !== c.name ? ` FROM '${c.metadataKey}'` : ""}${c.virtual ? " VIRTUAL" : ""}`);
    if (t.watermark?.column === c.name) extras.push(`WATERMARK AS \`${t.watermark.exprText}\``);
    const type = typeText(c) + (t.watermark?.column === c.name ? " *ROWTIME*" : "");
    const r: InternalValue[] = [c.name, type, nullableText(c.type.nullable), extras.join(", ")];
    if (extended) r.push(c.comment ?? "");
    rows.push(r);
  }
  if (extended && !t.columns.some((c) => c.name === "$rowtime")) {
    const onRowtime = t.watermark === null || t.watermark.column === "$rowtime";
    const wmText = t.watermark === null ? "SOURCE_WATERMARK()" : t.watermark.exprText;
    const r: InternalValue[] = [
      "$rowtime",
      "TIMESTAMP_LTZ(3)" + (onRowtime ? " *ROWTIME*" : ""),
      "NOT NULL",
      "METADATA VIRTUAL" + (onRowtime ? `, WATERMARK AS \`${wmText}\`` : "") + ", SYSTEM",
      "SYSTEM",
    ];
    rows.push(r);
  }
  return { columns, rows };
}

function columnDdl(c: TableColumn): string {
  const comment = c.comment ? ` COMMENT '${c.comment.replace(/'/g, "''")}'` : "";
  if (c.kind === "computed") return `  ${quoteIdent(c.name)} AS ${c.exprText}${comment}`;
  if (c.kind === "metadata") {
    return `  ${quoteIdent(c.name)} ${formatType(c.type)} METADATA${c.metadataKey && c.metadataKey !== c.name ? ` FROM '${c.metadataKey}'` : ""}${c.virtual ? " VIRTUAL" : ""}${comment}`;
  }
  return `  ${quoteIdent(c.name)} ${formatType(c.type)}${comment}`;
}

/** SHOW CREATE TABLE / VIEW text, in Flink's layout. */
export function showCreateTable(obj: CatalogObject): string {
  const full = `${quoteIdent(obj.catalog.name)}.${quoteIdent(obj.database.name)}.${quoteIdent(obj.name)}`;
  if (obj.kind === "view") {
    const cols = obj.columnNames ? ` (${obj.columnNames.map(quoteIdent).join(", ")})` : "";
    const q = obj.queryText.slice(obj.query.pos.offset, obj.query.end.offset + 1);
    return `CREATE VIEW ${full}${cols}${obj.comment ? `\nCOMMENT '${obj.comment.replace(/'/g, "''")}'` : ""}\nAS ${q}\n`;
  }
  const t = obj;
  const lines = t.columns.map(columnDdl);
  if (t.primaryKey) lines.push(`  CONSTRAINT ${quoteIdent(primaryKeyName(t.primaryKey))} PRIMARY KEY (${t.primaryKey.columns.map(quoteIdent).join(", ")}) NOT ENFORCED`);
  if (t.watermark) lines.push(`  WATERMARK FOR ${quoteIdent(t.watermark.column)} AS ${t.watermark.exprText}`);
  let out = `CREATE TABLE ${full} (\n${lines.join(",\n")}\n)`;
  if (t.comment) out += `\nCOMMENT '${t.comment.replace(/'/g, "''")}'`;
  if (t.distribution) {
    const d = t.distribution;
    out += `\nDISTRIBUTED BY ${d.algorithm ? d.algorithm + "" : ""}(${d.columns.map(quoteIdent).join(", ")})${d.buckets ? ` INTO ${d.buckets} BUCKETS` : ""}`;
  }
  const opts = Object.entries(t.options).sort(([a], [b]) => (a < b ? -1 : 1));
  if (opts.length > 0) out += `\nWITH (\n${opts.map(([k, v]) => `  '${k}' = '${v.replace(/'/g, "''")}'`).join(",\n")}\n)`;
  return out + "\n";
}

/** The information schema's own database id (Confluent's InfoSchemaTables.INFORMATION_SCHEMA_DATABASE_ID). */
export const INFORMATION_SCHEMA_ID = "db-information-schema";

/**
 * A primary key's name when the DDL gives none: Flink's DDL conversion names it
 * "PK_" + columnNames.hashCode() (java.util.List#hashCode over String#hashCode, 32-bit).
 */
export function primaryKeyName(pk: { name: string | null; columns: readonly string[] }): string {
  if (pk.name !== null) return pk.name;
  let h = 1;
  for (const c of pk.columns) {
    let sh = 0;
    for (let i = 0; i < c.length; i++) sh = (Math.imul(sh, 31) + c.charCodeAt(i)) | 0;
    h = (Math.imul(h, 31) + sh) | 0;
  }
  return `PK_${h}`;
}

/** Confluent's COLUMNS.DATA_TYPE: the type root as ColumnsStreamProvider spells it. */
function dataTypeRoot(t: LogicalType): string {
  switch (t.type) {
    case "TIME_WITHOUT_TIME_ZONE":
      return "TIME";
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
      return "TIMESTAMP";
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return "TIMESTAMP_LTZ";
    case "TIMESTAMP_WITH_TIME_ZONE":
      return "TIMESTAMP_TZ";
    case "INTERVAL_YEAR_MONTH":
    case "INTERVAL_DAY_TIME":
      return "INTERVAL";
    case "DISTINCT_TYPE":
    case "STRUCTURED_TYPE":
      return "USER-DEFINED";
    case "OPAQUE":
      return t.typeName;
    default:
      return t.type;
  }
}

/**
 * Flink's LogicalType#asSerializableString (COLUMNS.FULL_DATA_TYPE): no STRING / BYTES /
 * TIMESTAMP_LTZ shorthands, backtick-quoted ROW field names, NOT NULL on nested types.
 */
export function serializableType(t: LogicalType): string {
  const nn = t.nullable ? "" : " NOT NULL";
  switch (t.type) {
    case "VARCHAR":
    case "VARBINARY":
      return `${t.type}(${t.length})${nn}`;
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return `TIMESTAMP(${t.precision}) WITH LOCAL TIME ZONE${nn}`;
    case "ARRAY":
    case "MULTISET":
      return `${t.type}<${serializableType(t.elementType)}>${nn}`;
    case "MAP":
      return `MAP<${serializableType(t.keyType)}, ${serializableType(t.valueType)}>${nn}`;
    case "ROW":
      return `ROW<${t.fields.map((f) => `${"`" + f.name.replace(/`/g, "``") + "`"} ${serializableType(f.type)}${f.description !== undefined ? ` '${f.description.replace(/'/g, "''")}'` : ""}`).join(", ")}>${nn}`;
    default:
      return formatType(t);
  }
}

const S = (n: string, nullable = false): TableColumn => ({ name: n, type: T.string(nullable), kind: "physical" });
const I = (n: string, nullable = false): TableColumn => ({ name: n, type: T.int(nullable), kind: "physical" });

/**
 * The views of Confluent's INFORMATION_SCHEMA with their columns in order (Confluent docs,
 * "Information Schema", and Confluent's InfoSchemaTables declarations). DATABASES is an alias of
 * SCHEMATA.
 */
const VIEW_COLUMNS: Readonly<Record<string, readonly TableColumn[]>> = {
  CATALOGS: [S("CATALOG_ID"), S("CATALOG_NAME")],
  INFORMATION_SCHEMA_CATALOG_NAME: [S("CATALOG_ID"), S("CATALOG_NAME")],
  SCHEMATA: [S("CATALOG_ID"), S("CATALOG_NAME"), S("SCHEMA_ID"), S("SCHEMA_NAME")],
  DATABASES: [S("CATALOG_ID"), S("CATALOG_NAME"), S("SCHEMA_ID"), S("SCHEMA_NAME")],
  TABLES: [
    S("TABLE_CATALOG_ID"), S("TABLE_CATALOG"), S("TABLE_SCHEMA_ID"), S("TABLE_SCHEMA"), S("TABLE_NAME"), S("TABLE_TYPE"),
    S("IS_DISTRIBUTED"), S("DISTRIBUTION_ALGORITHM", true), I("DISTRIBUTION_BUCKETS", true),
    S("IS_WATERMARKED"), S("WATERMARK_COLUMN", true), S("WATERMARK_EXPRESSION", true), S("WATERMARK_IS_HIDDEN", true), S("COMMENT", true),
  ],
  TABLE_OPTIONS: [S("TABLE_CATALOG_ID"), S("TABLE_CATALOG"), S("TABLE_SCHEMA_ID"), S("TABLE_SCHEMA"), S("TABLE_NAME"), S("OPTION_KEY"), S("OPTION_VALUE")],
  COLUMNS: [
    S("TABLE_CATALOG_ID"), S("TABLE_CATALOG"), S("TABLE_SCHEMA_ID"), S("TABLE_SCHEMA"), S("TABLE_NAME"), S("COLUMN_NAME"),
    I("ORDINAL_POSITION"), S("IS_NULLABLE"), S("DATA_TYPE"), S("FULL_DATA_TYPE"), S("IS_HIDDEN"),
    S("IS_GENERATED"), S("GENERATION_EXPRESSION", true), S("IS_METADATA"), S("METADATA_KEY", true), S("IS_PERSISTED"),
    I("DISTRIBUTION_ORDINAL_POSITION", true), S("COMMENT", true),
  ],
  TABLE_CONSTRAINTS: [
    S("CONSTRAINT_CATALOG_ID"), S("CONSTRAINT_CATALOG"), S("CONSTRAINT_SCHEMA_ID"), S("CONSTRAINT_SCHEMA"), S("CONSTRAINT_NAME"),
    S("TABLE_CATALOG_ID"), S("TABLE_CATALOG"), S("TABLE_SCHEMA_ID"), S("TABLE_SCHEMA"), S("TABLE_NAME"), S("CONSTRAINT_TYPE"), S("ENFORCED"),
  ],
  KEY_COLUMN_USAGE: [
    S("CONSTRAINT_CATALOG_ID"), S("CONSTRAINT_CATALOG"), S("CONSTRAINT_SCHEMA_ID"), S("CONSTRAINT_SCHEMA"), S("CONSTRAINT_NAME"),
    S("TABLE_CATALOG_ID"), S("TABLE_CATALOG"), S("TABLE_SCHEMA_ID"), S("TABLE_SCHEMA"), S("TABLE_NAME"), S("COLUMN_NAME"), I("ORDINAL_POSITION"),
  ],
};

/** The INFORMATION_SCHEMA table `name` of `catalog`, as a bounded virtual table, or undefined. */
export function infoSchemaTable(catalogs: Catalogs, catalog: CatalogEntry, name: string): TableDef | undefined {
  const view = name.toUpperCase();
  const columns = VIEW_COLUMNS[view];
  if (!columns) return undefined;
  const infoDb = { id: INFORMATION_SCHEMA_ID, name: "INFORMATION_SCHEMA" };
  const cat = [catalog.id, catalog.name];
  const tables = () => catalog.databases.flatMap((d) => [...d.objects.values()].map((o) => ({ d, o })));
  const pkTables = () => tables().flatMap(({ d, o }) => (o.kind === "table" && o.primaryKey ? [{ d, t: o, pk: o.primaryKey }] : []));
  // The information schema's own views are listed too, as system views (TABLE_TYPE VIEW, COMMENT 'SYSTEM').
  const infoViews = Object.keys(VIEW_COLUMNS).sort();
  let rows: InternalValue[][];
  switch (view) {
    case "CATALOGS":
      rows = catalogs.catalogs.map((c) => [c.id, c.name]);
      break;
    case "INFORMATION_SCHEMA_CATALOG_NAME":
      rows = [cat];
      break;
    case "SCHEMATA":
    case "DATABASES":
      rows = [...catalog.databases.map((d) => [...cat, d.id, d.name]), [...cat, infoDb.id, infoDb.name]];
      break;
    case "TABLES":
      rows = tables().map(({ d, o }) => {
        const t = o.kind === "table" ? o : null;
        const wmCol = t ? (t.watermark?.column ?? "$rowtime") : null;
        return [
          ...cat, d.id, d.name, o.name, o.kind === "table" ? "BASE TABLE" : "VIEW",
          t?.distribution ? "YES" : "NO", t?.distribution ? (t.distribution.algorithm ?? "HASH") : null, t?.distribution?.buckets ?? null,
          t ? "YES" : "NO", wmCol, t ? (t.watermark?.exprText ?? "SOURCE_WATERMARK()") : null, t ? (t.watermark ? "NO" : "YES") : null, o.comment ?? null,
        ];
      });
      for (const v of infoViews) rows.push([...cat, infoDb.id, infoDb.name, v, "VIEW", "NO", null, null, "NO", null, null, null, "SYSTEM"]);
      break;
    case "TABLE_OPTIONS":
      rows = tables().flatMap(({ d, o }) =>
        o.kind === "table" ? Object.entries(o.options).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [...cat, d.id, d.name, o.name, k, v]) : [],
      );
      break;
    case "COLUMNS":
      rows = [];
      for (const { d, o } of tables()) {
        if (o.kind !== "table") continue;
        const cols: TableColumn[] = [...o.columns];
        if (!cols.some((c) => c.name === "$rowtime")) cols.push({ name: "$rowtime", type: T.timestampLtz(3, false), kind: "metadata", virtual: true, system: true });
        cols.forEach((c, i) => {
          const distPos = o.distribution ? o.distribution.columns.indexOf(c.name) : -1;
          // ColumnsStreamProvider: FULL_DATA_TYPE is the nullable type's serializable string
          // (nullability has IS_NULLABLE); METADATA_KEY is only an explicit FROM key.
          rows.push([
            ...cat, d.id, d.name, o.name, c.name,
            i + 1, c.type.nullable ? "YES" : "NO", dataTypeRoot(c.type), serializableType({ ...c.type, nullable: true } as LogicalType), c.system ? "YES" : "NO",
            c.kind === "computed" ? "YES" : "NO", c.kind === "computed" ? (c.exprText ?? null) : null, c.kind === "metadata" ? "YES" : "NO",
            c.kind === "metadata" && c.metadataKey !== undefined && c.metadataKey !== c.name ? c.metadataKey : null, c.kind === "computed" || c.virtual ? "NO" : "YES",
            distPos >= 0 ? distPos + 1 : null, c.comment ?? null,
          ]);
        });
      }
      for (const v of infoViews) {
        VIEW_COLUMNS[v]!.forEach((c, i) => {
          rows.push([...cat, infoDb.id, infoDb.name, v, c.name, i + 1, c.type.nullable ? "YES" : "NO", dataTypeRoot(c.type), serializableType({ ...c.type, nullable: true } as LogicalType), "NO", "NO", null, "NO", null, "YES", null, null]);
        });
      }
      break;
    case "TABLE_CONSTRAINTS":
      // Confluent docs: "Currently, only PRIMARY KEY", and Flink's keys are NOT ENFORCED.
      rows = pkTables().map(({ d, t, pk }) => [...cat, d.id, d.name, primaryKeyName(pk), ...cat, d.id, d.name, t.name, "PRIMARY KEY", "NO"]);
      break;
    case "KEY_COLUMN_USAGE":
      rows = pkTables().flatMap(({ d, t, pk }) => pk.columns.map((c, i) => [...cat, d.id, d.name, primaryKeyName(pk), ...cat, d.id, d.name, t.name, c, i + 1]));
      break;
    default:
      return undefined;
  }
  const log = new TableLog();
  for (const r of rows) log.records.push({ op: 0, row: r, rowtime: 0 });
  return {
    kind: "table",
    catalog,
    database: { ...infoDb, objects: new Map() },
    name: view,
    columns: [...columns],
    primaryKey: null,
    watermark: null,
    distribution: null,
    options: {},
    comment: null,
    log,
    readOnly: true,
    createdAt: 0,
    bounded: true,
  };
}
