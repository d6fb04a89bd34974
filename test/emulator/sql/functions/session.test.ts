/**
 * CURRENT_DATABASE() (Flink 1.19/1.20 FlinkSqlOperatorTable "Catalog Functions": niladic,
 * VARCHAR NOT NULL, non-deterministic), end to end through the client: it answers the
 * statement's current database, which on Confluent Cloud is the `sql.current-database` property
 * (USE / the workspace's database selector). Flink has no CURRENT_CATALOG function.
 */
import { describe, expect, test } from "vitest";
import { StatementFailedError } from "../../../../src/index.ts";
import { lookupScalar } from "../../../../src/emulator/sql/functions/registry.ts";
import { sharedConnection } from "../../../support/emulated-connection.ts";

const db = sharedConnection();

async function failure(sql: string, options: { catalog?: string; database?: string } = {}): Promise<string> {
  const err = await db.conn.query(sql, undefined, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StatementFailedError);
  return (err as Error).message;
}

describe("CURRENT_DATABASE()", () => {
  test("is the statement's current database, typed STRING NOT NULL", async () => {
    const { rows, columns } = await db.conn.query("SELECT CURRENT_DATABASE() AS d");
    const current = await db.conn.query("SHOW CURRENT DATABASE", undefined, { asDict: false });
    expect(columns.map((c) => c.typeName)).toEqual(["STRING NOT NULL"]);
    expect(rows).toEqual([{ d: (current.rows[0] as unknown[])[0] }]);
    expect(typeof (rows[0] as { d: unknown }).d).toBe("string");
  });

  test("follows the database the statement is submitted with (USE)", async () => {
    // The connection names its database by id; a statement may name it (or another) by name.
    const { rows } = await db.conn.query("SELECT CURRENT_DATABASE() AS d, UPPER(CURRENT_DATABASE()) AS u", undefined, { database: "cluster_0" });
    expect(rows).toEqual([{ d: "cluster_0", u: "CLUSTER_0" }]);
    const byId = await db.conn.query("SELECT CURRENT_DATABASE() AS d", undefined, { database: "lkc-emu001" });
    expect(byId.rows).toEqual([{ d: "lkc-emu001" }]);
  });

  test("is evaluated for every row and can be compared like any string", async () => {
    const { rows } = await db.conn.query("SELECT x, CURRENT_DATABASE() = 'db_x' AS same FROM (VALUES 1, 2) AS t(x)", undefined, { database: "db_x" });
    expect(rows).toEqual([
      { x: 1, same: true },
      { x: 2, same: true },
    ]);
  });

  test("takes no arguments and needs its parentheses; it is not constant-folded", async () => {
    expect(await failure("SELECT CURRENT_DATABASE('x')")).toContain("Invalid number of arguments to function 'CURRENT_DATABASE'. Was expecting 0 arguments");
    expect(await failure("SELECT CURRENT_DATABASE")).toContain("Column 'CURRENT_DATABASE' not found in any table");
    expect(lookupScalar("CURRENT_DATABASE")!.deterministic).toBe(false);
    expect(await failure("SELECT CURRENT_DATABASE()", { database: "" })).toContain("No current database is set ('sql.current-database').");
  });

  test("Flink has no CURRENT_CATALOG function", async () => {
    expect(lookupScalar("CURRENT_CATALOG")).toBeUndefined();
    // The parser reads the SQL-standard niladic CURRENT_CATALOG as a call, which nothing resolves.
    expect(await failure("SELECT CURRENT_CATALOG")).toContain("CURRENT_CATALOG");
  });
});
