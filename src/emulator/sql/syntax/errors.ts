/**
 * Syntax errors of the SQL front end. A `SqlSyntaxError` is an EngineError (so the gateway
 * fails the statement with its message as `status.detail`) whose exception name is Flink's
 * `org.apache.flink.table.api.SqlParserException`, and whose message follows Flink/Calcite:
 *
 *   SQL parse failed. Encountered "FROMM" at line 1, column 10.
 *   Was expecting one of:
 *       <EOF>
 *       "FROM" ...
 */
import { EngineError } from "../../engine.ts";
import type { Pos } from "./ast.ts";

/** Flink's exception class for parse failures. */
export const SQL_PARSER_EXCEPTION = "org.apache.flink.table.api.SqlParserException";

/** Flink's exception class for a statement it understands but cannot run (unsupported features). */
export const TABLE_EXCEPTION = "org.apache.flink.table.api.TableException";

/** A statement that does not parse. `pos` is where the offending token starts. */
export class SqlSyntaxError extends EngineError {
  /** 1-based line of the error. */
  readonly line: number;
  /** 1-based column of the error. */
  readonly column: number;
  /** The error position (also as line/column above). */
  readonly pos: Pos;
  /** The message without the "SQL parse failed. " prefix (Calcite's own text). */
  readonly reason: string;

  constructor(reason: string, pos: Pos) {
    super(`SQL parse failed. ${reason}`, SQL_PARSER_EXCEPTION);
    this.reason = reason;
    this.pos = pos;
    this.line = pos.line;
    this.column = pos.column;
  }
}
