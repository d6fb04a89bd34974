/**
 * The engine's catalogs: catalog = Confluent environment, database = Kafka cluster (both
 * resolvable by display name or id), plus the read-only `examples` catalog. Tables are
 * append-only logs (like the Kafka topics behind them) of internal rows with the insert time
 * (`$rowtime`); views keep their query text and AST. Name resolution follows Flink: identifiers
 * are case-sensitive, unqualified names use `sql.current-catalog` / `sql.current-database`.
 */
import { EngineError } from "../engine.ts";
import type { OpCode } from "../engine.ts";
import type { LogicalType } from "../../types/model.ts";
import type * as ast from "./syntax/ast.ts";
import type { Row } from "./runtime/values.ts";

/** A column of a table definition. */
export interface TableColumn {
  readonly name: string;
  readonly type: LogicalType;
  readonly kind: "physical" | "computed" | "metadata";
  /** Computed columns: the expression and its SQL text. */
  readonly expr?: ast.Expr;
  readonly exprText?: string;
  /** Metadata columns: the key (`timestamp` is the Kafka record timestamp, i.e. `$rowtime`). */
  readonly metadataKey?: string;
  readonly virtual?: boolean;
  readonly comment?: string | null;
  /** The `$rowtime` system column: hidden from `SELECT *`. */
  readonly system?: boolean;
}

/** One record of a table's log. */
export interface LogRecord {
  readonly op: OpCode;
  /** Values of the physical columns, in physical-column order. */
  readonly row: Row;
  /** Record timestamp in ms (the `$rowtime`). */
  readonly rowtime: number;
}

/** Listener of a table log: called after records were appended. */
export type LogListener = (records: readonly LogRecord[]) => void;

/** An append-only log with subscribers. */
const DROP_BATCH = 256;

export class TableLog {
  /** The retained records; `records[i]` has the absolute offset `base + i`. */
  readonly records: LogRecord[] = [];
  /** Absolute offset of `records[0]`: how many records retention has dropped. */
  base = 0;
  readonly #listeners = new Set<LogListener>();
  /** Called before reads so generated tables can catch up with the clock. */
  refresh: (() => void) | null = null;

  /** The absolute offset the next appended record gets. */
  get end(): number {
    return this.base + this.records.length;
  }

  append(records: readonly LogRecord[]): void {
    if (records.length === 0) return;
    for (const r of records) this.records.push(r);
    for (const l of [...this.#listeners]) l(records);
  }

  /**
   * Retention (like a Kafka topic's): drops the leading records whose `rowtime` is before
   * `minRowtime`; readers at an offset that is gone continue from the oldest retained record.
   * Records are appended in rowtime order by the generators that use this.
   */
  dropBefore(minRowtime: number): void {
    let n = 0;
    while (n < this.records.length && this.records[n]!.rowtime < minRowtime) n++;
    // Dropping moves the whole array: batch it, at the cost of a few hundred rows overshoot.
    if (n === 0 || (n < DROP_BATCH && n < this.records.length)) return;
    this.records.splice(0, n);
    this.base += n;
  }

  subscribe(l: LogListener): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  get subscribers(): number {
    return this.#listeners.size;
  }
}

export interface WatermarkDef {
  readonly column: string;
  readonly expr: ast.Expr;
  readonly exprText: string;
}

export interface TableDef {
  readonly kind: "table";
  readonly catalog: CatalogEntry;
  readonly database: DatabaseEntry;
  name: string;
  columns: TableColumn[];
  primaryKey: { name: string | null; columns: string[] } | null;
  watermark: WatermarkDef | null;
  distribution: { algorithm: string | null; columns: string[]; buckets: number | null } | null;
  options: Record<string, string>;
  comment: string | null;
  readonly log: TableLog;
  /** Example tables are read-only. */
  readonly readOnly: boolean;
  readonly createdAt: number;
  /** Virtual tables (INFORMATION_SCHEMA) are bounded snapshots. */
  readonly bounded?: boolean;
}

export interface ViewDef {
  readonly kind: "view";
  readonly catalog: CatalogEntry;
  readonly database: DatabaseEntry;
  readonly name: string;
  readonly query: ast.Query;
  readonly queryText: string;
  readonly columnNames: readonly string[] | null;
  readonly comment: string | null;
  readonly createdAt: number;
}

export type CatalogObject = TableDef | ViewDef;

export interface DatabaseEntry {
  readonly id: string;
  readonly name: string;
  readonly objects: Map<string, CatalogObject>;
}

export interface CatalogEntry {
  readonly id: string;
  readonly name: string;
  readonly databases: DatabaseEntry[];
  readonly readOnly: boolean;
}

/** Physical columns of a table (the stored part of a log record). */
export function physicalColumns(t: TableDef): TableColumn[] {
  return t.columns.filter((c) => c.kind === "physical");
}

/** Backtick-quote a name as Flink prints identifiers. */
export function quoteIdent(s: string): string {
  return "`" + s.replace(/`/g, "``") + "`";
}

export interface ResolvedPath {
  readonly catalog: CatalogEntry;
  readonly database: DatabaseEntry;
  readonly name: string;
}

export class Catalogs {
  readonly catalogs: CatalogEntry[] = [];

  addCatalog(id: string, name: string, databases: ReadonlyArray<{ id: string; name: string }>, readOnly = false): CatalogEntry {
    const c: CatalogEntry = {
      id,
      name,
      readOnly,
      databases: databases.map((d) => ({ id: d.id, name: d.name, objects: new Map() })),
    };
    this.catalogs.push(c);
    return c;
  }

  findCatalog(nameOrId: string): CatalogEntry | undefined {
    return this.catalogs.find((c) => c.name === nameOrId) ?? this.catalogs.find((c) => c.id === nameOrId);
  }

  findDatabase(c: CatalogEntry, nameOrId: string): DatabaseEntry | undefined {
    return c.databases.find((d) => d.name === nameOrId) ?? c.databases.find((d) => d.id === nameOrId);
  }

  /** Current catalog/database from statement properties (names as given; may be unknown). */
  current(props: Readonly<Record<string, string>>): { catalog: string | null; database: string | null } {
    return { catalog: props["sql.current-catalog"] ?? null, database: props["sql.current-database"] ?? null };
  }

  /**
   * Resolve `t`, `db.t` or `cat.db.t` to its catalog and database. Throws EngineError when the
   * catalog or database does not exist or is not set.
   */
  resolvePath(parts: readonly string[], props: Readonly<Record<string, string>>): ResolvedPath {
    const cur = this.current(props);
    let catName: string | null;
    let dbName: string | null;
    let name: string;
    if (parts.length === 1) {
      catName = cur.catalog;
      dbName = cur.database;
      name = parts[0]!;
    } else if (parts.length === 2) {
      catName = cur.catalog;
      dbName = parts[0]!;
      name = parts[1]!;
    } else if (parts.length === 3) {
      catName = parts[0]!;
      dbName = parts[1]!;
      name = parts[2]!;
    } else {
      throw new EngineError(`Object name '${parts.join(".")}' has too many parts: expected [catalog.][database.]name.`);
    }
    if (catName === null || dbName === null) {
      throw new EngineError(
        `Object '${parts.join(".")}' cannot be resolved: no current ${catName === null ? "catalog" : "database"} is set. ` +
          `Qualify the name as catalog.database.table or set 'sql.current-catalog' and 'sql.current-database'.`,
      );
    }
    const catalog = this.findCatalog(catName);
    if (!catalog) throw new EngineError(`Catalog '${catName}' does not exist.`, "org.apache.flink.table.catalog.exceptions.CatalogException");
    const database = this.findDatabase(catalog, dbName);
    if (!database) {
      throw new EngineError(
        `Database '${dbName}' does not exist in catalog '${catalog.name}'.`,
        "org.apache.flink.table.catalog.exceptions.DatabaseNotExistException",
      );
    }
    return { catalog, database, name };
  }

  lookup(path: ResolvedPath): CatalogObject | undefined {
    return path.database.objects.get(path.name);
  }

  fullName(path: ResolvedPath): string {
    return `${quoteIdent(path.catalog.name)}.${quoteIdent(path.database.name)}.${quoteIdent(path.name)}`;
  }
}
