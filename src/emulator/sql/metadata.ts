/**
 * Metadata statements' contents: DESCRIBE [EXTENDED] (Confluent's column layout), SHOW CREATE
 * TABLE/VIEW text, EXPLAIN plan text and the INFORMATION_SCHEMA virtual tables (TABLES,
 * COLUMNS, SCHEMATA, CATALOGS) of a catalog, built from the catalog at query time.
 */
import type { Column } from "../../types/model.ts";
import { formatType } from "../../types/format-type.ts";
import type { InternalValue } from "../../types/wire.ts";
import { TableLog, quoteIdent } from "./catalog.ts";
import type { CatalogEntry, Catalogs, CatalogObject, TableColumn, TableDef } from "./catalog.ts";
import type { Field, PlanNode } from "./planner/plan.ts";
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
  if (t.primaryKey) lines.push(`  CONSTRAINT ${quoteIdent(t.primaryKey.name ?? `PK_${t.primaryKey.columns.join("_")}`)} PRIMARY KEY (${t.primaryKey.columns.map(quoteIdent).join(", ")}) NOT ENFORCED`);
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

/** A compact, Flink-flavoured plan tree for EXPLAIN. */
export function explainPlan(n: PlanNode, depth = 0): string {
  const pad = ":- ".padStart(depth * 3 + 3, " ").slice(depth === 0 ? 3 : 0);
  const cols = n.fields.map((f) => f.name).join(", ");
  const mode = n.insertOnly ? "[I]" : "[I,UB,UA,D]";
  let head: string;
  let kids: PlanNode[] = [];
  switch (n.kind) {
    case "Scan":
      head = `TableSourceScan(table=[[${n.table.catalog.name}, ${n.table.database.name}, ${n.table.name}]], fields=[${cols}])`;
      break;
    case "Values":
      head = `Values(tuples=[${n.rows.length} rows], fields=[${cols}])`;
      break;
    case "Filter":
      head = `Calc(where=[...], select=[${cols}])`;
      kids = [n.input];
      break;
    case "Project":
      head = `Calc(select=[${cols}])`;
      kids = [n.input];
      break;
    case "Aggregate":
      head = `GroupAggregate(groupBy=[${n.fields.slice(0, n.keys.length).map((f) => f.name).join(", ")}], select=[${n.calls.map((c) => c.name).join(", ")}])`;
      kids = [n.input];
      break;
    case "WindowTvf":
      head = `WindowTableFunction(window=[${n.spec.kind}(size=[${n.spec.sizeMs} ms], step=[${n.spec.stepMs} ms])])`;
      kids = [n.input];
      break;
    case "WindowAggregate":
      head = `WindowAggregate(select=[${n.calls.map((c) => c.name).join(", ")}])`;
      kids = [n.input];
      break;
    case "Join":
      head = `Join(joinType=[${n.joinKind}Join], keys=[${n.leftKeys.length}])`;
      kids = [n.left, n.right];
      break;
    case "Union":
      head = `Union(all=[true])`;
      kids = [...n.inputs];
      break;
    case "Rank":
      head = n.hasRowNumber
        ? `Rank(rankType=[${n.rankType}], rankRange=[rankStart=${n.offset + 1}, rankEnd=${n.offset + n.limit}], outputRankNumber=[${n.rowNumberUsed}])`
        : `SortLimit(offset=[${n.offset}], fetch=[${n.limit}])`;
      kids = [n.input];
      break;
    case "Limit":
      head = `Limit(offset=[${n.offset}], fetch=[${n.limit}])`;
      kids = [n.input];
      break;
    case "OverAgg":
      head = `OverAggregate(orderBy=[time], window=[${n.frame.unit} ${n.frame.preceding === Infinity ? "UNBOUNDED" : n.frame.preceding} PRECEDING], select=[${n.calls.map((c) => c.name).join(", ")}])`;
      kids = [n.input];
      break;
    case "TemporalJoin":
      head = `TemporalJoin(joinType=[${n.outer ? "LeftOuterJoin" : "InnerJoin"}])`;
      kids = [n.left, n.right];
      break;
    case "Unnest":
      head = `Correlate(invocation=[UNNEST], joinType=[${n.outer ? "LEFT" : "INNER"}])`;
      kids = [n.input];
      break;
  }
  const line = `${depth === 0 ? "" : pad}${head}, changelogMode=${mode}`;
  return [line, ...kids.map((k) => explainPlan(k, depth + 1))].join("\n");
}

/** The INFORMATION_SCHEMA table `name` of `catalog`, as a bounded virtual table, or undefined. */
export function infoSchemaTable(catalogs: Catalogs, catalog: CatalogEntry, name: string): TableDef | undefined {
  const S = (n: string, nullable = false): TableColumn => ({ name: n, type: T.string(nullable), kind: "physical" });
  const I = (n: string, nullable = false): TableColumn => ({ name: n, type: T.int(nullable), kind: "physical" });
  let columns: TableColumn[];
  let rows: InternalValue[][];
  const tables = () => catalog.databases.flatMap((d) => [...d.objects.values()].map((o) => ({ d, o })));
  switch (name.toUpperCase()) {
    case "CATALOGS":
      columns = [S("CATALOG_ID"), S("CATALOG_NAME")];
      rows = catalogs.catalogs.map((c) => [c.id, c.name]);
      break;
    case "SCHEMATA":
      columns = [S("CATALOG_ID"), S("CATALOG_NAME"), S("SCHEMA_ID"), S("SCHEMA_NAME")];
      rows = [...catalog.databases.map((d) => [catalog.id, catalog.name, d.id, d.name]), [catalog.id, catalog.name, "$INFORMATION_SCHEMA", "INFORMATION_SCHEMA"]];
      break;
    case "TABLES":
      columns = [
        S("TABLE_CATALOG_ID"), S("TABLE_CATALOG"), S("TABLE_SCHEMA_ID"), S("TABLE_SCHEMA"), S("TABLE_NAME"), S("TABLE_TYPE"),
        S("IS_DISTRIBUTED"), S("DISTRIBUTION_ALGORITHM", true), I("DISTRIBUTION_BUCKETS", true),
        S("IS_WATERMARKED"), S("WATERMARK_COLUMN", true), S("WATERMARK_EXPRESSION", true), S("WATERMARK_IS_HIDDEN", true), S("COMMENT", true),
      ];
      rows = tables().map(({ d, o }) => {
        const t = o.kind === "table" ? o : null;
        const wmCol = t ? (t.watermark?.column ?? "$rowtime") : null;
        return [
          catalog.id, catalog.name, d.id, d.name, o.name, o.kind === "table" ? "BASE TABLE" : "VIEW",
          t?.distribution ? "YES" : "NO", t?.distribution ? (t.distribution.algorithm ?? "HASH") : null, t?.distribution?.buckets ?? null,
          t ? "YES" : "NO", wmCol, t ? (t.watermark?.exprText ?? "SOURCE_WATERMARK()") : null, t ? (t.watermark ? "NO" : "YES") : null, o.comment ?? null,
        ];
      });
      break;
    case "COLUMNS":
      columns = [
        S("TABLE_CATALOG_ID"), S("TABLE_CATALOG"), S("TABLE_SCHEMA_ID"), S("TABLE_SCHEMA"), S("TABLE_NAME"), S("COLUMN_NAME"),
        I("ORDINAL_POSITION"), S("IS_NULLABLE"), S("DATA_TYPE"), S("FULL_DATA_TYPE"), S("IS_HIDDEN"),
        S("IS_GENERATED"), S("GENERATION_EXPRESSION", true), S("IS_METADATA"), S("METADATA_KEY", true), S("IS_PERSISTED"),
        I("DISTRIBUTION_ORDINAL_POSITION", true), S("COMMENT", true),
      ];
      rows = [];
      for (const { d, o } of tables()) {
        if (o.kind !== "table") continue;
        const cols: TableColumn[] = [...o.columns];
        if (!cols.some((c) => c.name === "$rowtime")) cols.push({ name: "$rowtime", type: T.timestampLtz(3, false), kind: "metadata", metadataKey: "$rowtime", virtual: true, system: true });
        cols.forEach((c, i) => {
          const full = formatType(c.type);
          const dataType = full.replace(/ NOT NULL$/, "").replace(/\(.*$/, "").replace(/<.*$/, "");
          const distPos = o.distribution ? o.distribution.columns.indexOf(c.name) : -1;
          rows.push([
            catalog.id, catalog.name, d.id, d.name, o.name, c.name,
            i + 1, c.type.nullable ? "YES" : "NO", dataType, full, c.system ? "YES" : "NO",
            c.kind === "computed" ? "YES" : "NO", c.kind === "computed" ? (c.exprText ?? null) : null, c.kind === "metadata" ? "YES" : "NO",
            c.kind === "metadata" ? (c.metadataKey ?? c.name) : null, c.kind === "computed" || c.virtual ? "NO" : "YES",
            distPos >= 0 ? distPos + 1 : null, c.comment ?? null,
          ]);
        });
      }
      break;
    default:
      return undefined;
  }
  const log = new TableLog();
  for (const r of rows) log.records.push({ op: 0, row: r, rowtime: 0 });
  return {
    kind: "table",
    catalog,
    database: { id: "$INFORMATION_SCHEMA", name: "INFORMATION_SCHEMA", objects: new Map() },
    name: name.toUpperCase(),
    columns,
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
