/**
 * FROM_CHANGELOG / TO_CHANGELOG, the built-in changelog conversion PTFs.
 *
 * Sources:
 * - Confluent, "Changelog Conversion":
 *   https://docs.confluent.io/cloud/current/flink/reference/functions/changelog-conversion.html
 * - Confluent, "Read and Write Custom Changelog Formats":
 *   https://docs.confluent.io/cloud/current/flink/how-to-guides/read-write-custom-changelog.html
 * - Flink, "Queries > Changelog Conversion" (docs/content/docs/sql/reference/queries/changelog.md,
 *   FLINK-39261 / apache/flink#27901 for FROM_CHANGELOG, FLINK-39259 for TO_CHANGELOG): the
 *   "Basic usage" examples' input and output are the expected values below (FLINK_DOC).
 * - Flink FromChangelogTypeStrategy / FromChangelogFunction / ToChangelogTypeStrategy for the
 *   validation and runtime error texts.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./harness.ts";

const FLINK_DOC = "https://github.com/apache/flink/blob/master/docs/content/docs/sql/reference/queries/changelog.md";
void FLINK_DOC;

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE cdc_stream (id INT, op STRING, name STRING)");
});

function failure(sql: string, props: Record<string, string> = {}): string {
  try {
    const r = h.start(sql, props);
    return r.sink.failed ?? "";
  } catch (err) {
    return (err as Error).message;
  }
}

describe("FROM_CHANGELOG", () => {
  // FLINK_DOC "FROM_CHANGELOG > Basic usage with standard op names": the op column is removed,
  // each row carries its code's change operation.
  test("default op column and mapping: +I, -U, +U, -D", () => {
    const s = h.start("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream)");
    expect(s.traits).toMatchObject({ isBounded: false, isAppendOnly: false, upsertColumns: null });
    expect(s.traits.schema!.map((c) => c.name)).toEqual(["id", "name"]);
    h.run("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'Alice')");
    h.run("INSERT INTO cdc_stream VALUES (2, 'INSERT', 'Bob')");
    h.run("INSERT INTO cdc_stream VALUES (1, 'UPDATE_BEFORE', 'Alice')");
    h.run("INSERT INTO cdc_stream VALUES (1, 'UPDATE_AFTER', 'Alice2')");
    h.run("INSERT INTO cdc_stream VALUES (2, 'DELETE', 'Bob')");
    expect(s.sink.log).toEqual(["+I[1, Alice]", "+I[2, Bob]", "-U[1, Alice]", "+U[1, Alice2]", "-D[2, Bob]"]);
    expect(s.sink.completed).toBe(false);
  });

  test("a retract mapping with PARTITION BY stays a retract changelog (no upsert key)", () => {
    const s = h.start("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream PARTITION BY id)");
    expect(s.traits).toMatchObject({ isAppendOnly: false, upsertColumns: null });
    h.run("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'Alice'), (1, 'UPDATE_BEFORE', 'Alice'), (1, 'UPDATE_AFTER', 'Alice2')");
    expect(s.sink.log).toEqual(["+I[1, Alice]", "-U[1, Alice]", "+U[1, Alice2]"]);
  });

  test("without PARTITION BY the columns keep their order, op removed", () => {
    h.run("CREATE TABLE c2 (op STRING, name STRING, id INT)");
    h.run("INSERT INTO c2 VALUES ('INSERT', 'a', 1), ('DELETE', 'a', 1)");
    const s = h.start("SELECT * FROM FROM_CHANGELOG(TABLE c2)");
    expect(s.traits.schema!.map((c) => [c.name, c.type.type])).toEqual([
      ["name", "VARCHAR"],
      ["id", "INTEGER"],
    ]);
    expect(s.sink.log).toEqual(["+I[a, 1]", "-D[a, 1]"]);
  });

  test("PARTITION BY keys come first in the output", () => {
    h.run("CREATE TABLE c3 (name STRING, op STRING, id INT)");
    h.run("INSERT INTO c3 VALUES ('a', 'INSERT', 1)");
    const s = h.start("SELECT * FROM FROM_CHANGELOG(input => TABLE c3 PARTITION BY id)");
    expect(s.traits.schema!.map((c) => c.name)).toEqual(["id", "name"]);
    expect(s.sink.log).toEqual(["+I[1, a]"]);
  });

  // Confluent how-to: a custom op field with c / u / d codes; a comma-separated key maps several
  // codes to one operation (Flink docs, op_mapping 'c, r' -> INSERT). Without UPDATE_BEFORE the
  // mapping is upsert mode, keyed by PARTITION BY: an update replaces the key's previous row.
  test("custom op column and codes in upsert mode (PARTITION BY key)", () => {
    h.run("CREATE TABLE orders_cdc (order_id INT, __op STRING, amount INT)");
    const s = h.start(
      "SELECT * FROM FROM_CHANGELOG(input => TABLE orders_cdc PARTITION BY order_id, op => DESCRIPTOR(__op), " +
        "op_mapping => MAP['c, r', 'INSERT', 'u', 'UPDATE_AFTER', 'd', 'DELETE'])",
    );
    expect(s.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0] });
    h.run("INSERT INTO orders_cdc VALUES (1, 'r', 10)");
    h.run("INSERT INTO orders_cdc VALUES (2, 'c', 20)");
    h.run("INSERT INTO orders_cdc VALUES (1, 'u', 15)");
    h.run("INSERT INTO orders_cdc VALUES (2, 'd', 20)");
    expect(s.sink.log).toEqual(["+I[1, 10]", "+I[2, 20]", "-U[1, 10]", "+U[1, 15]", "-D[2, 20]"]);
  });

  test("a downstream aggregate sees the updates and deletes", () => {
    const s = h.start("SELECT COUNT(*) AS n FROM FROM_CHANGELOG(input => TABLE cdc_stream)");
    h.run("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'a')");
    h.run("INSERT INTO cdc_stream VALUES (2, 'INSERT', 'b')");
    h.run("INSERT INTO cdc_stream VALUES (1, 'DELETE', 'a')");
    expect(s.sink.log).toEqual(["+I[1]", "-U[1]", "+U[2]", "-U[2]", "+U[1]"]);
  });

  // FromChangelogFunction: error_handling 'FAIL' (the default) fails on a NULL or unmapped code.
  test("an unmapped op code fails the statement (error_handling 'FAIL', the default)", () => {
    const s = h.start("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream)");
    h.run("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'a')");
    h.run("INSERT INTO cdc_stream VALUES (1, 'x', 'a')");
    expect(s.sink.failed).toBe("Received invalid op code 'x'. Defined op codes are: [INSERT, UPDATE_BEFORE, UPDATE_AFTER, DELETE].");
    expect(s.sink.log).toEqual(["+I[1, a]"]);
  });

  test("a NULL op code fails the statement", () => {
    h.run("INSERT INTO cdc_stream VALUES (1, CAST(NULL AS STRING), 'a')");
    const s = h.start("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, error_handling => 'FAIL')");
    expect(s.sink.failed).toBe("Received NULL op code. Every changelog row must carry an operation code.");
  });

  test("error_handling 'SKIP' drops rows with NULL or unmapped codes", () => {
    h.run("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'a'), (2, 'zap', 'b'), (3, CAST(NULL AS STRING), 'c'), (4, 'INSERT', 'd')");
    const s = h.start("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, error_handling => 'SKIP')");
    expect(s.sink.failed).toBeNull();
    expect(s.sink.log).toEqual(["+I[1, a]", "+I[4, d]"]);
  });

  test("positional arguments bind as input, op, op_mapping, error_handling", () => {
    h.run("CREATE TABLE k (kind STRING, v INT)");
    h.run("INSERT INTO k VALUES ('+', 1), ('?', 2), ('-', 1)");
    const s = h.start("SELECT * FROM FROM_CHANGELOG(TABLE k, DESCRIPTOR(kind), MAP['+', 'INSERT', '-', 'DELETE'], 'SKIP')");
    expect(s.sink.log).toEqual(["+I[1]", "-D[1]"]);
  });

  test("snapshot mode materialises the table the changelog describes", () => {
    h.run(
      "INSERT INTO cdc_stream VALUES (1, 'INSERT', 'Alice'), (1, 'UPDATE_BEFORE', 'Alice'), (1, 'UPDATE_AFTER', 'Alice2'), " +
        "(2, 'INSERT', 'Bob'), (3, 'INSERT', 'Carol'), (2, 'DELETE', 'Bob')",
    );
    const r = h.start("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream PARTITION BY id)", { "sql.snapshot.mode": "now" });
    expect(r.traits).toMatchObject({ isBounded: true, isAppendOnly: true });
    expect(r.sink.completed).toBe(true);
    // FLINK_DOC: "Table state after all events: {id:1, name:'Alice2'}" (plus Carol here).
    expect(r.sink.log.sort()).toEqual(["+I[1, Alice2]", "+I[3, Carol]"]);
  });

  describe("validation (Flink's FromChangelogTypeStrategy texts)", () => {
    test("the op column must exist", () => {
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, op => DESCRIPTOR(kind))")).toContain("The op column 'kind' does not exist in the input schema.");
    });
    test("the op column must be a string", () => {
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, op => DESCRIPTOR(id))")).toContain("The op column 'id' must be of STRING type, but was 'INT'.");
    });
    test("the op descriptor names exactly one column", () => {
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, op => DESCRIPTOR(op, name))")).toContain(
        "The descriptor for argument 'op' must contain exactly one column name.",
      );
    });
    test("op_mapping values must be change operations, each once", () => {
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, op_mapping => MAP['c', 'CREATE'])")).toContain(
        "Invalid target mapping for argument 'op_mapping'. Unknown change operation: 'CREATE'.",
      );
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, op_mapping => MAP['c', 'INSERT', 'r', 'INSERT'])")).toContain(
        "Duplicate change operation: 'INSERT'.",
      );
    });
    test("op_mapping must be a MAP literal", () => {
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, op_mapping => 'c')")).toContain("The 'op_mapping' argument must be a constant MAP literal.");
    });
    test("upsert mode needs PARTITION BY", () => {
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, op_mapping => MAP['c', 'INSERT', 'u', 'UPDATE_AFTER'])")).toContain(
        "An 'op_mapping' that produces UPDATE_AFTER without UPDATE_BEFORE describes an upsert changelog and requires a key. Add PARTITION BY to the input table",
      );
    });
    test("the input must be append-only", () => {
      h.run("CREATE VIEW agg AS SELECT op, COUNT(*) AS n FROM cdc_stream GROUP BY op");
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE agg)")).toContain("must be an append-only table");
    });
    test("error_handling is FAIL or SKIP", () => {
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, error_handling => 'LOG')")).toContain(
        "Invalid value for argument 'error_handling': 'LOG'. Valid values are: FAIL, SKIP.",
      );
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, error_handling => 'skip')")).toContain("Invalid value for argument 'error_handling': 'skip'.");
      expect(failure("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream, error_handling => 1)")).toContain("The 'error_handling' argument must be a constant STRING literal.");
    });
    test("the first argument is a table", () => {
      expect(failure("SELECT * FROM FROM_CHANGELOG(op => DESCRIPTOR(op))")).toContain("First argument must be a table for FROM_CHANGELOG.");
    });
  });
});

describe("TO_CHANGELOG", () => {
  beforeEach(() => {
    h.run("CREATE TABLE clicks (id INT, name STRING)");
    h.run("CREATE VIEW my_aggregation AS SELECT id, name, COUNT(*) AS cnt FROM clicks GROUP BY id, name");
  });

  // FLINK_DOC "TO_CHANGELOG > Basic usage": with PARTITION BY the aggregate's updates arrive as
  // upsert changes (no UPDATE_BEFORE); output [partition keys, op, other columns], append-only.
  test("over a GROUP BY aggregate with PARTITION BY: append-only rows with op codes", () => {
    const s = h.start("SELECT * FROM TO_CHANGELOG(input => TABLE my_aggregation PARTITION BY id)");
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    expect(s.traits.schema!.map((c) => [c.name, c.type.type, c.type.nullable])).toEqual([
      ["id", "INTEGER", true],
      ["op", "VARCHAR", true],
      ["name", "VARCHAR", true],
      ["cnt", "BIGINT", false],
    ]);
    h.run("INSERT INTO clicks VALUES (1, 'Alice')");
    h.run("INSERT INTO clicks VALUES (1, 'Alice')");
    expect(s.sink.log).toEqual(["+I[1, INSERT, Alice, 1]", "+I[1, UPDATE_AFTER, Alice, 2]"]);
  });

  // FLINK_DOC "TO_CHANGELOG > Basic usage" (row semantics): output [op, all input columns]; the
  // aggregation's updates arrive as INSERT / UPDATE_AFTER / DELETE.
  test("without PARTITION BY: [op, input columns], upsert input without UPDATE_BEFORE", () => {
    h.run("CREATE VIEW by_name AS SELECT name, COUNT(*) AS cnt FROM FROM_CHANGELOG(input => TABLE cdc_stream) GROUP BY name");
    const s = h.start("SELECT * FROM TO_CHANGELOG(input => TABLE by_name)");
    expect(s.traits.schema!.map((c) => c.name)).toEqual(["op", "name", "cnt"]);
    h.run("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'Alice'), (2, 'INSERT', 'Bob')");
    h.run("INSERT INTO cdc_stream VALUES (3, 'INSERT', 'Alice')");
    h.run("INSERT INTO cdc_stream VALUES (2, 'DELETE', 'Bob')");
    expect(s.sink.log).toEqual(["+I[INSERT, Alice, 1]", "+I[INSERT, Bob, 1]", "+I[UPDATE_AFTER, Alice, 2]", "+I[DELETE, Bob, 1]"]);
  });

  test("a keyless retract input keeps its UPDATE_BEFORE rows", () => {
    const s = h.start("SELECT * FROM TO_CHANGELOG(input => TABLE (SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream)))");
    h.run("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'a'), (1, 'UPDATE_BEFORE', 'a'), (1, 'UPDATE_AFTER', 'b'), (1, 'DELETE', 'b')");
    expect(s.sink.log).toEqual(["+I[INSERT, 1, a]", "+I[UPDATE_BEFORE, 1, a]", "+I[UPDATE_AFTER, 1, b]", "+I[DELETE, 1, b]"]);
  });

  // FLINK_DOC "Partitioning by a key": (name, id, cnt) PARTITION BY id gives [id, op, name, cnt].
  test("PARTITION BY moves the keys in front of the op column", () => {
    h.run("CREATE VIEW agg3 AS SELECT name, id, COUNT(*) AS cnt FROM clicks GROUP BY name, id");
    const s = h.start("SELECT * FROM TO_CHANGELOG(input => TABLE agg3 PARTITION BY id)");
    expect(s.traits.schema!.map((c) => c.name)).toEqual(["id", "op", "name", "cnt"]);
  });

  // FLINK_DOC "Deletion flag pattern": comma-separated kinds share one code.
  test("deletion flag pattern", () => {
    h.run("CREATE VIEW by_name AS SELECT name, COUNT(*) AS cnt FROM FROM_CHANGELOG(input => TABLE cdc_stream) GROUP BY name");
    const s = h.start("SELECT * FROM TO_CHANGELOG(input => TABLE by_name, op => DESCRIPTOR(deleted), op_mapping => MAP['INSERT, UPDATE_AFTER', 'false', 'DELETE', 'true'])");
    h.run("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'Alice'), (1, 'INSERT', 'Alice'), (1, 'DELETE', 'Alice'), (1, 'DELETE', 'Alice')");
    expect(s.sink.log).toEqual(["+I[false, Alice, 1]", "+I[false, Alice, 2]", "+I[false, Alice, 1]", "+I[true, Alice, 1]"]);
  });

  // FLINK_DOC "Custom operation codes with filtering": only mapped kinds are forwarded.
  test("custom op column and codes; unmapped kinds are dropped", () => {
    h.run("CREATE VIEW live AS SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream PARTITION BY id)");
    const s = h.start("SELECT * FROM TO_CHANGELOG(input => TABLE live, op => DESCRIPTOR(op_code), op_mapping => MAP['INSERT', 'I', 'UPDATE_AFTER', 'U'])");
    expect(s.traits.schema!.map((c) => c.name)).toEqual(["op_code", "id", "name"]);
    h.run("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'Alice'), (1, 'UPDATE_BEFORE', 'Alice'), (1, 'UPDATE_AFTER', 'Alice2'), (1, 'DELETE', 'Alice2')");
    expect(s.sink.log).toEqual(["+I[I, 1, Alice]", "+I[U, 1, Alice2]"]);
  });

  test("comma-separated kinds share a code", () => {
    const s = h.start("SELECT op, id, cnt FROM TO_CHANGELOG(input => TABLE my_aggregation PARTITION BY id, op_mapping => MAP['INSERT, UPDATE_AFTER', 'upsert'])");
    h.run("INSERT INTO clicks VALUES (7, 'x'), (7, 'x')");
    expect(s.sink.log).toEqual(["+I[upsert, 7, 1]", "+I[upsert, 7, 2]"]);
  });

  // Flink ToChangelogTypeStrategy.validateOpMappingKeys / ToChangelogFunction.validateOpMap.
  test("op_mapping keys must be change operations, each once, that the input produces", () => {
    expect(failure("SELECT * FROM TO_CHANGELOG(input => TABLE my_aggregation, op_mapping => MAP['CREATE', 'c'])")).toContain(
      "Invalid target mapping for argument 'op_mapping'. Unknown change operation: 'CREATE'. Operations are case-sensitive.",
    );
    expect(failure("SELECT * FROM TO_CHANGELOG(input => TABLE my_aggregation, op_mapping => MAP['INSERT', 'c', 'INSERT, DELETE', 'd'])")).toContain(
      "Invalid target mapping for argument 'op_mapping'. Duplicate change operation: 'INSERT'.",
    );
    // An aggregate over an append-only table updates but never deletes; an append-only table only inserts.
    expect(failure("SELECT * FROM TO_CHANGELOG(input => TABLE my_aggregation PARTITION BY id, op_mapping => MAP['INSERT', 'c', 'UPDATE_BEFORE', 'b', 'DELETE', 'd'])")).toContain(
      "Invalid 'op_mapping' for TO_CHANGELOG: the input table only produces [INSERT, UPDATE_AFTER] and does not produce [UPDATE_BEFORE, DELETE]. Remove those entries from the mapping.",
    );
    expect(failure("SELECT * FROM TO_CHANGELOG(input => TABLE clicks, op_mapping => MAP['INSERT', 'c', 'DELETE', 'd'])")).toContain(
      "the input table only produces [INSERT] and does not produce [DELETE].",
    );
    expect(failure("SELECT * FROM TO_CHANGELOG(input => TABLE my_aggregation, op_mapping => MAP['INSERT', 'c'], error_handling => 'SKIP')")).toContain("Unknown argument name");
  });

  test("over an append-only table every row is an INSERT", () => {
    h.run("INSERT INTO clicks VALUES (1, 'a')");
    const s = h.start("SELECT * FROM TO_CHANGELOG(TABLE clicks)");
    expect(s.sink.log).toEqual(["+I[INSERT, 1, a]"]);
  });

  // Flink docs, TO_CHANGELOG produces_full_deletes: FALSE keeps only the key columns of DELETE rows.
  test("produces_full_deletes => FALSE nulls the non-key columns of DELETE rows", () => {
    h.run("CREATE VIEW live AS SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream PARTITION BY id, op_mapping => MAP['c', 'INSERT', 'u', 'UPDATE_AFTER', 'd', 'DELETE'])");
    const s = h.start("SELECT * FROM TO_CHANGELOG(input => TABLE live PARTITION BY id, produces_full_deletes => FALSE)");
    h.run("INSERT INTO cdc_stream VALUES (1, 'c', 'Alice'), (1, 'u', 'Alice2'), (1, 'd', 'Alice2')");
    expect(s.sink.log).toEqual(["+I[1, INSERT, Alice]", "+I[1, UPDATE_AFTER, Alice2]", "+I[1, DELETE, NULL]"]);
    expect(failure("SELECT * FROM TO_CHANGELOG(input => TABLE my_aggregation PARTITION BY id, produces_full_deletes => TRUE)")).toContain(
      "Invalid 'produces_full_deletes' for TO_CHANGELOG: the input table only produces [INSERT, UPDATE_AFTER] and never emits DELETE rows.",
    );
    expect(failure("SELECT * FROM TO_CHANGELOG(input => TABLE live, op_mapping => MAP['INSERT', 'i'], produces_full_deletes => TRUE)")).toContain(
      "the active 'op_mapping' does not map DELETE rows",
    );
    expect(failure("SELECT * FROM TO_CHANGELOG(input => TABLE clicks, produces_full_deletes => 'no')")).toContain("The 'produces_full_deletes' argument must be a constant BOOLEAN literal.");
  });

  test("snapshot mode: an aggregate's final rows only insert, so update entries are rejected", () => {
    expect(failure("SELECT * FROM TO_CHANGELOG(input => TABLE my_aggregation, op_mapping => MAP['INSERT', 'c', 'UPDATE_AFTER', 'u'])", { "sql.snapshot.mode": "now" })).toContain(
      "the input table only produces [INSERT] and does not produce [UPDATE_AFTER].",
    );
  });

  test("snapshot mode: the final rows, each as INSERT", () => {
    h.run("INSERT INTO clicks VALUES (1, 'Alice'), (1, 'Alice'), (2, 'Bob')");
    const r = h.start("SELECT * FROM TO_CHANGELOG(input => TABLE my_aggregation PARTITION BY id)", { "sql.snapshot.mode": "now" });
    expect(r.sink.completed).toBe(true);
    expect(r.sink.log.sort()).toEqual(["+I[1, INSERT, Alice, 2]", "+I[2, INSERT, Bob, 1]"]);
  });
});

describe("round trip", () => {
  // Confluent how-to: TO_CHANGELOG writes a table out as a custom changelog, FROM_CHANGELOG reads
  // it back; with the codes mapped both ways the updating table comes back unchanged.
  test("FROM_CHANGELOG(TO_CHANGELOG(agg)) reproduces the aggregate's changelog", () => {
    h.run("CREATE TABLE clicks (id INT, name STRING)");
    h.run("CREATE VIEW agg AS SELECT name, COUNT(*) AS cnt FROM clicks GROUP BY name");
    h.run("CREATE VIEW out_log AS SELECT * FROM TO_CHANGELOG(input => TABLE agg, op_mapping => MAP['INSERT', 'c', 'UPDATE_AFTER', 'u'])");
    const log = h.start("SELECT * FROM out_log");
    const direct = h.start("SELECT * FROM agg");
    const back = h.start("SELECT * FROM FROM_CHANGELOG(input => TABLE out_log PARTITION BY name, op_mapping => MAP['c', 'INSERT', 'u', 'UPDATE_AFTER', 'd', 'DELETE'])");
    expect(back.traits.upsertColumns).toEqual([0]);
    h.run("INSERT INTO clicks VALUES (1, 'a')");
    h.run("INSERT INTO clicks VALUES (2, 'a')");
    h.run("INSERT INTO clicks VALUES (3, 'b')");
    expect(log.sink.log).toEqual(["+I[c, a, 1]", "+I[u, a, 2]", "+I[c, b, 1]"]);
    expect(back.sink.log).toEqual(["+I[a, 1]", "-U[a, 1]", "+U[a, 2]", "+I[b, 1]"]);
    expect(back.sink.log).toEqual(direct.sink.log);
  });
});

describe("in statements", () => {
  test("TABLE(...) call form, an alias, WHERE over the result and EXPLAIN", () => {
    h.run("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'a'), (2, 'INSERT', 'b')");
    expect(h.snapshotLog("SELECT c.name FROM TABLE(FROM_CHANGELOG(input => TABLE cdc_stream)) AS c WHERE c.id = 2")).toEqual(["+I[b]"]);
    const plan = h.run("EXPLAIN SELECT * FROM TO_CHANGELOG(input => TABLE cdc_stream, op => DESCRIPTOR(kind))").sink.rows.map((r) => r.row.join(" ")).join("\n");
    expect(plan).toMatch(/\+- StreamProcessTableFunction \[\d+\]/);
    // Flink's RowType check: the op column may not clash with an input column.
    expect(failure("SELECT * FROM TO_CHANGELOG(input => TABLE cdc_stream)")).toContain("Field names must be unique. Found duplicates: [op]");
  });

  test("INSERT INTO an upsert table from FROM_CHANGELOG keeps the latest row per key", () => {
    h.run("CREATE TABLE latest (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('changelog.mode' = 'upsert')");
    h.run("INSERT INTO cdc_stream VALUES (1, 'c', 'Alice'), (2, 'c', 'Bob'), (1, 'u', 'Alice2'), (2, 'd', 'Bob')");
    h.run(
      "INSERT INTO latest SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream PARTITION BY id, op_mapping => MAP['c', 'INSERT', 'u', 'UPDATE_AFTER', 'd', 'DELETE'])",
      { "sql.snapshot.mode": "now" },
    );
    expect(h.snapshotLog("SELECT * FROM latest")).toEqual(["+I[1, Alice2]"]);
  });

  test("an unknown table function in FROM fails as unsupported", () => {
    expect(failure("SELECT * FROM NO_SUCH_FN(TABLE cdc_stream)")).toContain("table function 'NO_SUCH_FN'");
  });
});

