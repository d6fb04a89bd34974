/**
 * CLASSIFIER() in MATCH_RECOGNIZE. Apache Flink lists it in FlinkSqlOperatorTable (Calcite's
 * SqlStdOperatorTable.CLASSIFIER, niladic), but its MatchCodeGenerator (apache/flink,
 * flink-table-planner .../codegen/MatchCodeGenerator.scala) handles only PREV/NEXT, FIRST/LAST,
 * FINAL, aggregates, MATCH_PROCTIME, MATCH_ROWTIME and PROCTIME_MATERIALIZE; any other call goes
 * to ExprCodeGenerator.generateCallExpression, which finds no generator for CLASSIFIER and throws
 * CodeGenException "Unsupported call: CLASSIFIER() \nIf you think this function should be
 * supported, you can create an issue and start a discussion for it." (The CLASSIFIER code
 * generation with findClassifierByLogicalPosition exists only in the old Blink fork's
 * org.apache.flink.table.codegen.MatchCodeGenerator, never in Apache Flink's planner; the
 * MATCH_RECOGNIZE review of FLINK-7062 dropped CLASSIFIER as unused.) So the emulator fails the
 * statement the same way instead of computing a value Flink never returns.
 */
import { describe, expect, test } from "vitest";
import { Harness } from "./harness.ts";
import { EngineError } from "../../../src/emulator/engine.ts";

const UNSUPPORTED = "Unsupported call: CLASSIFIER() \nIf you think this function should be supported, you can create an issue and start a discussion for it.";

function ticker(): Harness {
  const h = new Harness();
  h.run("CREATE TABLE Ticker (symbol STRING, price BIGINT, rowtime TIMESTAMP(3), WATERMARK FOR rowtime AS rowtime)");
  h.run("INSERT INTO Ticker VALUES ('ACME', 10, TIMESTAMP '2024-01-01 10:00:00'), ('ACME', 20, TIMESTAMP '2024-01-01 10:00:01')");
  return h;
}

function failure(h: Harness, sql: string): EngineError {
  try {
    h.compile(sql);
  } catch (e) {
    return e as EngineError;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe("CLASSIFIER() in MATCH_RECOGNIZE", () => {
  test("in MEASURES (ONE ROW PER MATCH) it fails like Flink's code generator", () => {
    const e = failure(ticker(), "SELECT * FROM Ticker MATCH_RECOGNIZE (PARTITION BY symbol ORDER BY rowtime MEASURES CLASSIFIER() AS cls, B.price AS b ONE ROW PER MATCH PATTERN (A B) DEFINE B AS B.price > A.price)");
    expect(e.message).toContain(UNSUPPORTED);
    expect(e.exceptionName).toBe("org.apache.flink.table.planner.codegen.CodeGenException");
  });
  test("inside an expression and in DEFINE it fails the same way", () => {
    const h = ticker();
    expect(failure(h, "SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime MEASURES LOWER(CLASSIFIER()) AS cls PATTERN (A B) DEFINE B AS B.price > A.price)").message).toContain(UNSUPPORTED);
    expect(failure(h, "SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime MEASURES B.price AS b PATTERN (A B) DEFINE B AS CLASSIFIER() = 'B')").message).toContain(UNSUPPORTED);
  });
  test("with arguments it is a validation error (Calcite's OperandTypes.NILADIC)", () => {
    expect(failure(ticker(), "SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime MEASURES CLASSIFIER(A.price) AS cls PATTERN (A B) DEFINE B AS B.price > A.price)").message).toContain(
      "Invalid number of arguments to function 'CLASSIFIER'. Was expecting 0 arguments",
    );
  });
  test("the same query without CLASSIFIER() runs", () => {
    expect(ticker().snapshotLog("SELECT * FROM Ticker MATCH_RECOGNIZE (PARTITION BY symbol ORDER BY rowtime MEASURES B.price AS b ONE ROW PER MATCH PATTERN (A B) DEFINE B AS B.price > A.price)")).toEqual(["+I[ACME, 20]"]);
  });
});
