/**
 * Catalog, DDL and metadata statements: name resolution (catalog = environment, database =
 * Kafka cluster, by name or id), CREATE/DROP/ALTER applied in start() only, SHOW, DESCRIBE,
 * SHOW CREATE TABLE, EXPLAIN and INFORMATION_SCHEMA, with the traits Confluent Cloud reports.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { EngineError } from "../../../src/emulator/engine.ts";
import { Harness } from "./harness.ts";

let h: Harness;
beforeEach(() => {
  h = new Harness();
});

describe("names", () => {
  test("catalog and database resolve by name and by id; three-part names work without current catalog", () => {
    h.run("CREATE TABLE t (a INT)");
    h.run("INSERT INTO t VALUES (1)");
    expect(h.snapshot("SELECT a FROM `default`.cluster_0.t")).toEqual([["1"]]);
    expect(h.snapshot("SELECT a FROM `env-123`.`lkc-abc`.t")).toEqual([["1"]]);
    expect(h.snapshot("SELECT a FROM cluster_0.t")).toEqual([["1"]]);
    const r = h.run("SELECT a FROM `default`.cluster_0.t", { "sql.snapshot.mode": "now", "sql.current-catalog": "", "sql.current-database": "" });
    expect(r.sink.log).toEqual(["+I[1]"]);
    expect(h.run("SELECT a FROM t", { "sql.snapshot.mode": "now", "sql.current-catalog": "env-123", "sql.current-database": "lkc-abc" }).sink.log).toEqual(["+I[1]"]);
  });

  test("identifiers are case-sensitive and unknown objects fail with Flink's message", () => {
    h.run("CREATE TABLE t (a INT)");
    expect(() => h.compile("SELECT * FROM T")).toThrow("SQL validation failed. From line 1, column 15 to line 1, column 15: Object 'T' not found within 'default.cluster_0'");
    expect(() => h.compile("SELECT * FROM nocat.db.t")).toThrow("Catalog 'nocat' does not exist.");
    expect(() => h.compile("SELECT * FROM `default`.nodb.t")).toThrow("Database 'nodb' does not exist in catalog 'default'.");
  });
});

describe("DDL", () => {
  test("CREATE TABLE applies in start, not in compile; traits have no schema", () => {
    const st = h.compile("CREATE TABLE t (a INT, b STRING)");
    expect(st.traits).toEqual({ sqlKind: "CREATE_TABLE", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: null });
    expect(() => h.compile("SELECT * FROM t")).toThrow(/Object 't' not found/);
    h.run("CREATE TABLE t (a INT, b STRING)");
    expect(h.compile("SELECT * FROM t").traits.schema!.map((c) => c.name)).toEqual(["a", "b"]);
  });

  test("CREATE TABLE of an existing table fails unless IF NOT EXISTS", () => {
    h.run("CREATE TABLE t (a INT)");
    expect(() => h.compile("CREATE TABLE t (a INT)")).toThrow(/already exists in Catalog default/);
    expect(h.run("CREATE TABLE IF NOT EXISTS t (a INT)").sink.completed).toBe(true);
  });

  // Flink docs, "CREATE TABLE > PRIMARY KEY": only NOT ENFORCED; key columns become NOT NULL.
  test("primary key columns are NOT NULL; ENFORCED is rejected", () => {
    h.run("CREATE TABLE k (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED)");
    expect(h.compile("SELECT * FROM k").traits.schema![0]!.type.nullable).toBe(false);
    expect(() => h.compile("CREATE TABLE k2 (id INT PRIMARY KEY, v STRING)")).toThrow(/ENFORCED/);
  });

  test("computed and metadata columns, WATERMARK", () => {
    h.run("CREATE TABLE c (a INT, ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp', WATERMARK FOR ts AS ts)");
    h.run("INSERT INTO c (a) VALUES (1)");
    expect(h.snapshot("SELECT a, ts FROM c")).toEqual([["1", "2025-01-01 00:00:00.000"]]);
  });

  test("DROP TABLE / VIEW with IF EXISTS and Flink's messages", () => {
    h.run("CREATE TABLE t (a INT)");
    h.run("CREATE VIEW v AS SELECT a FROM t");
    expect(h.compile("DROP VIEW v").traits.sqlKind).toBe("DROP_VIEW");
    expect(() => h.compile("DROP TABLE v")).toThrow("DROP TABLE cannot be used to drop a view. Use DROP VIEW instead.");
    h.run("DROP VIEW v");
    h.run("DROP TABLE t");
    expect(() => h.compile("DROP TABLE t")).toThrow("Table with identifier '`default`.`cluster_0`.`t`' does not exist.");
    expect(h.run("DROP TABLE IF EXISTS t").sink.completed).toBe(true);
  });

  test("views are expanded in queries", () => {
    h.run("CREATE TABLE t (a INT, b STRING)");
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    expect(h.compile("CREATE VIEW v AS SELECT a + 1 AS a1 FROM t").traits.sqlKind).toBe("CREATE_VIEW");
    h.run("CREATE VIEW v (x) AS SELECT a + 1 FROM t WHERE b = 'y'");
    expect(h.snapshot("SELECT x FROM v")).toEqual([["3"]]);
  });

  test("ALTER TABLE ADD column and SET options", () => {
    h.run("CREATE TABLE t (a INT)");
    h.run("INSERT INTO t VALUES (1)");
    expect(h.compile("ALTER TABLE t ADD b STRING").traits.sqlKind).toBe("ALTER_TABLE");
    h.run("ALTER TABLE t ADD b STRING");
    h.run("INSERT INTO t VALUES (2, 'x')");
    expect(h.snapshot("SELECT * FROM t")).toEqual([["1", null], ["2", "x"]]);
    h.run("ALTER TABLE t SET ('changelog.mode' = 'append')");
    expect(h.snapshot("SHOW CREATE TABLE t")[0]![0]).toContain("'changelog.mode' = 'append'");
  });

  test("the examples catalog is read-only", () => {
    expect(() => h.compile("CREATE TABLE examples.marketplace.x (a INT)")).toThrow(/read-only/);
  });

  test("USE and SET are rejected as statements", () => {
    expect(() => h.compile("USE CATALOG `default`")).toThrow(EngineError);
    expect(() => h.compile("SET 'a' = 'b'")).toThrow(/SET is not supported/);
  });
});

describe("SHOW, DESCRIBE, EXPLAIN", () => {
  // Confluent docs, "SHOW Statements": SHOW CATALOGS lists catalog name and id.
  test("SHOW CATALOGS / DATABASES / TABLES / VIEWS / CURRENT", () => {
    h.run("CREATE TABLE t2 (a INT)");
    h.run("CREATE TABLE t1 (a INT)");
    h.run("CREATE VIEW v1 AS SELECT a FROM t1");
    const cats = h.run("SHOW CATALOGS");
    expect(cats.traits).toMatchObject({ sqlKind: "SHOW_CATALOGS", isBounded: true });
    expect(cats.traits.schema!.map((c) => c.name)).toEqual(["catalog name", "catalog id"]);
    expect(cats.sink.log).toEqual(["+I[default, env-123]", "+I[examples, examples]"]);
    expect(h.run("SHOW DATABASES").sink.log).toEqual(["+I[cluster_0, lkc-abc]"]);
    expect(h.run("SHOW TABLES").sink.log).toEqual(["+I[t1]", "+I[t2]", "+I[v1]"]);
    expect(h.run("SHOW TABLES LIKE 't%'").sink.log).toEqual(["+I[t1]", "+I[t2]"]);
    expect(h.run("SHOW VIEWS").sink.log).toEqual(["+I[v1]"]);
    expect(h.run("SHOW CURRENT CATALOG").sink.log).toEqual(["+I[default]"]);
    expect(h.run("SHOW CURRENT DATABASE").sink.log).toEqual(["+I[cluster_0]"]);
  });

  // Confluent docs, "DESCRIBE": columns, nullability, keys; EXTENDED adds the $rowtime system column.
  test("DESCRIBE and DESCRIBE EXTENDED", () => {
    h.run("CREATE TABLE k (id INT, v STRING NOT NULL, PRIMARY KEY (id) NOT ENFORCED) DISTRIBUTED BY HASH(id) INTO 4 BUCKETS");
    const d = h.run("DESCRIBE k");
    expect(d.traits.sqlKind).toBe("DESCRIBE");
    expect(d.traits.schema!.map((c) => c.name)).toEqual(["Column Name", "Data Type", "Nullable", "Extras"]);
    expect(d.sink.log).toEqual(["+I[id, INT, NOT NULL, PRIMARY KEY, BUCKET KEY]", "+I[v, STRING, NOT NULL, ]"]);
    const e = h.run("DESCRIBE EXTENDED k");
    expect(e.sink.log[2]).toBe("+I[$rowtime, TIMESTAMP_LTZ(3) *ROWTIME*, NOT NULL, METADATA VIRTUAL, WATERMARK AS `SOURCE_WATERMARK()`, SYSTEM, SYSTEM]");
  });

  test("SHOW CREATE TABLE", () => {
    h.run("CREATE TABLE k (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('changelog.mode' = 'upsert')");
    expect(h.compile("SHOW CREATE TABLE k").traits).toMatchObject({ sqlKind: "SHOW_CREATE_TABLE", schema: [{ name: "result" }] });
    expect(h.snapshot("SHOW CREATE TABLE k")).toEqual([
      // Flink's DDL conversion names an unnamed key "PK_" + columnNames.hashCode(): ["id"] -> 3386.
      ["CREATE TABLE `default`.`cluster_0`.`k` (\n  `id` INT NOT NULL,\n  `v` STRING,\n  CONSTRAINT `PK_3386` PRIMARY KEY (`id`) NOT ENFORCED\n)\nWITH (\n  'changelog.mode' = 'upsert'\n)\n"],
    ]);
  });

  test("EXPLAIN returns a plan", () => {
    h.run("CREATE TABLE t (a INT, b STRING)");
    const r = h.run("EXPLAIN SELECT b, COUNT(*) FROM t GROUP BY b");
    expect(r.traits.sqlKind).toBe("EXPLAIN");
    expect(r.traits.schema!.map((c) => c.name)).toEqual(["result"]);
    expect(String(r.sink.rows[0]!.row[0])).toMatch(/StreamGroupAggregate \[3\][\s\S]*\[1\] StreamTableSourceScan\nTable: `default`\.`cluster_0`\.`t`\n/);
  });
});

describe("INFORMATION_SCHEMA", () => {
  // Confluent docs, "Information Schema" (views and columns), and Confluent's ColumnsStreamProvider:
  // DATA_TYPE is the type root (INTEGER, VARCHAR, TIMESTAMP_LTZ), FULL_DATA_TYPE the nullable
  // type's serializable string, METADATA_KEY only an explicit FROM key; the information schema's
  // own views are listed in TABLES as system views.
  test("TABLES, COLUMNS and SCHEMATA", () => {
    h.run("CREATE TABLE t (a INT NOT NULL, b STRING)");
    h.run("CREATE VIEW v AS SELECT a FROM t");
    expect(h.snapshot("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY TABLE_NAME")).toEqual([
      ["cluster_0", "t", "BASE TABLE"],
      ["cluster_0", "v", "VIEW"],
    ]);
    expect(h.snapshot("SELECT TABLE_SCHEMA_ID, TABLE_TYPE, COMMENT FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'KEY_COLUMN_USAGE'")).toEqual([["db-information-schema", "VIEW", "SYSTEM"]]);
    expect(h.snapshot("SELECT COLUMN_NAME, ORDINAL_POSITION, IS_NULLABLE, DATA_TYPE, FULL_DATA_TYPE, IS_HIDDEN, METADATA_KEY, IS_PERSISTED FROM `default`.INFORMATION_SCHEMA.`COLUMNS` WHERE TABLE_NAME = 't'")).toEqual([
      ["a", "1", "NO", "INTEGER", "INT", "NO", null, "YES"],
      ["b", "2", "YES", "VARCHAR", "VARCHAR(2147483647)", "NO", null, "YES"],
      ["$rowtime", "3", "NO", "TIMESTAMP_LTZ", "TIMESTAMP(3) WITH LOCAL TIME ZONE", "YES", null, "NO"],
    ]);
    expect(h.snapshot("SELECT SCHEMA_NAME, SCHEMA_ID FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = 'cluster_0'")).toEqual([["cluster_0", "lkc-abc"]]);
    expect(h.snapshot("SELECT * FROM INFORMATION_SCHEMA.DATABASES WHERE SCHEMA_NAME = 'INFORMATION_SCHEMA'")).toEqual([["env-123", "default", "db-information-schema", "INFORMATION_SCHEMA"]]);
    expect(h.snapshot("SELECT * FROM INFORMATION_SCHEMA.INFORMATION_SCHEMA_CATALOG_NAME")).toEqual([["env-123", "default"]]);
    const st = h.compile("SELECT * FROM INFORMATION_SCHEMA.TABLES");
    expect(st.traits).toMatchObject({ isBounded: true, isAppendOnly: true });
  });

  test("TABLE_CONSTRAINTS, KEY_COLUMN_USAGE and TABLE_OPTIONS", () => {
    const u = new Harness();
    u.run("CREATE TABLE k1 (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('changelog.mode' = 'upsert', 'kafka.retention.time' = '1 d')");
    u.run("CREATE TABLE k2 (s1 STRING, s2 STRING, i INT, CONSTRAINT my_pk PRIMARY KEY (s1, s2) NOT ENFORCED)");
    const names = (sql: string) => u.compile(sql, { "sql.snapshot.mode": "now" }).traits.schema!.map((c) => c.name);
    expect(names("SELECT * FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS")).toEqual([
      "CONSTRAINT_CATALOG_ID", "CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA_ID", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME",
      "TABLE_CATALOG_ID", "TABLE_CATALOG", "TABLE_SCHEMA_ID", "TABLE_SCHEMA", "TABLE_NAME", "CONSTRAINT_TYPE", "ENFORCED",
    ]);
    expect(u.snapshot("SELECT * FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS")).toEqual([
      ["env-123", "default", "lkc-abc", "cluster_0", "PK_3386", "env-123", "default", "lkc-abc", "cluster_0", "k1", "PRIMARY KEY", "NO"],
      ["env-123", "default", "lkc-abc", "cluster_0", "my_pk", "env-123", "default", "lkc-abc", "cluster_0", "k2", "PRIMARY KEY", "NO"],
    ]);
    expect(names("SELECT * FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE").slice(-2)).toEqual(["COLUMN_NAME", "ORDINAL_POSITION"]);
    expect(u.snapshot("SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE")).toEqual([
      ["PK_3386", "k1", "id", "1"],
      ["my_pk", "k2", "s1", "1"],
      ["my_pk", "k2", "s2", "2"],
    ]);
    expect(names("SELECT * FROM INFORMATION_SCHEMA.TABLE_OPTIONS")).toEqual(["TABLE_CATALOG_ID", "TABLE_CATALOG", "TABLE_SCHEMA_ID", "TABLE_SCHEMA", "TABLE_NAME", "OPTION_KEY", "OPTION_VALUE"]);
    expect(u.snapshot("SELECT TABLE_NAME, OPTION_KEY, OPTION_VALUE FROM INFORMATION_SCHEMA.TABLE_OPTIONS")).toEqual([
      ["k1", "changelog.mode", "upsert"],
      ["k1", "kafka.retention.time", "1 d"],
    ]);
  });
});
