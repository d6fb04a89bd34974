/**
 * The string and hash functions Confluent Cloud documents, end to end: SQL text through the
 * public client (`connect`) against an in-process emulator (`createEmulator`), checking the
 * column types the statement reports and the values that come back. Expected values marked
 * "doc" are the examples of
 * - STRINGS = https://docs.confluent.io/cloud/current/flink/reference/functions/string-functions.html
 * - HASHES  = https://docs.confluent.io/cloud/current/flink/reference/functions/hash-functions.html
 */
import { describe, expect, test } from "vitest";
import { StatementFailedError } from "../../../../src/index.ts";
import { sharedConnection } from "../../../support/emulated-connection.ts";

const db = sharedConnection();

async function row(sql: string): Promise<{ values: unknown[]; types: string[] }> {
  const { rows, columns } = await db.conn.query(sql);
  expect(rows).toHaveLength(1);
  return { values: columns.map((c) => (rows[0] as Record<string, unknown>)[c.name]), types: columns.map((c) => c.typeName) };
}

describe("Confluent string functions through the client", () => {
  test("TRANSLATE and ELT (STRINGS doc examples)", async () => {
    const r = await row(
      "SELECT TRANSLATE('AaBbCc', 'abc', '123') AS a, TRANSLATE('AaBbCc', 'abc', '1') AS b, TRANSLATE('AaBbCc', 'abc', '') AS c, " +
        "TRANSLATE('www.apache.org', 'wapcheorg', ' APCHEcom') AS d, ELT(2, 'scala-1', 'java-2', 'go-3') AS e",
    );
    expect(r.values).toEqual(["A1B2C3", "A1BC", "ABC", "   .APACHE.com", "java-2"]);
    expect(r.types).toEqual(["STRING NOT NULL", "STRING NOT NULL", "STRING NOT NULL", "STRING NOT NULL", "VARCHAR(7)"]);
  });

  test("REGEXP_COUNT / REGEXP_EXTRACT_ALL / REGEXP_INSTR / REGEXP_SUBSTR (Flink Regexp*Function semantics)", async () => {
    const r = await row(
      "SELECT REGEXP_COUNT('ab1cd2ef3', '\\d') AS n, REGEXP_EXTRACT_ALL('k1=v1;k2=v2', 'k(\\d)=(v\\d)', 2) AS vs, " +
        "REGEXP_INSTR('hello 123 world', '\\d+') AS pos, REGEXP_SUBSTR('hello 123 world 45', '\\d+') AS s, REGEXP_SUBSTR('hello', '\\d') AS nomatch",
    );
    expect(r.values).toEqual([3, ["v1", "v2"], 7, "123", null]);
    expect(r.types).toEqual(["INT", "ARRAY<STRING>", "INT", "STRING", "STRING"]);
  });

  test("ENCODE / DECODE round trip with the documented charsets (STRINGS)", async () => {
    const r = await row("SELECT DECODE(ENCODE('Flink é', 'UTF-16'), 'UTF-16') AS u16, DECODE(ENCODE('Flink', 'US-ASCII'), 'ISO-8859-1') AS latin, TO_BASE64(DECODE(ENCODE('hé', 'UTF-8'), 'UTF-8')) AS b64");
    expect(r.values).toEqual(["Flink é", "Flink", "aMOp"]);
    expect(r.types).toEqual(["STRING", "STRING", "STRING"]);
    const enc = await row("SELECT ENCODE('hé', 'UTF-16BE') AS b");
    expect(enc.types).toEqual(["BINARY(1)"]);
    expect(Array.from(enc.values[0] as Uint8Array)).toEqual([0x00, 0x68, 0x00, 0xe9]);
  });

  test("existing functions agree with the STRINGS doc examples", async () => {
    const r = await row(
      "SELECT INSTR('The quick brown fox jumped over the lazy dog.', 'the') AS a, LOCATE('the', 'the play’s the thing', 10) AS b, " +
        "TRIM(TRAILING 'fox' FROM 'The quick brown fox') AS c, TRIM(BOTH 'yyy' FROM 'yyy The quick brown fox yyy') AS d, " +
        "SPLIT_INDEX('The quick brown fox', ' ', 3) AS e, CHR(353) AS f, URL_ENCODE('http://confluent.io') AS g, " +
        "PARSE_URL('http://confluent.io/path1/p.php?k1=v1&k2=v2#Ref1', 'QUERY', 'k1') AS h, OVERLAY('xxxxxtest' PLACING 'xxxx' FROM 6 FOR 2) AS i",
    );
    expect(r.values).toEqual([33, 12, "The quick brown ", " The quick brown fox ", "fox", "a", "http%3A%2F%2Fconfluent.io", "v1", "xxxxxxxxxst"]);
  });

  test("hash functions: doc prefixes and CHAR types (HASHES)", async () => {
    const r = await row("SELECT MD5('string-to-hash') AS md5, SHA384('string-to-hash') AS s384, SHA512('string-to-hash') AS s512, SHA2('string-to-hash', 512) AS s2");
    const [md5, s384, s512, s2] = r.values as string[];
    expect(md5!.startsWith("99dc0ea422440e5b3f675cffe6d")).toBe(true);
    expect(s384!.startsWith("02ba979b23f1b4a098732463ea8")).toBe(true);
    expect(s512!.startsWith("222145560dbaa2abc1617e2c7ce")).toBe(true);
    expect(s2).toBe(s512);
    expect(r.types).toEqual(["CHAR(32) NOT NULL", "CHAR(96) NOT NULL", "CHAR(128) NOT NULL", "VARCHAR(128) NOT NULL"]);
  });

  test("runtime and validation failures fail the statement", async () => {
    await expect(db.conn.query("SELECT REGEXP_EXTRACT_ALL('a', '(a)', 2)")).rejects.toThrow(/Extract group index 2 is out of range \[0, 1\]/);
    await expect(db.conn.query("SELECT ELT(-1, 'a')")).rejects.toThrow(/Index must be an integer starting from '0', but was '-1'/);
    await expect(db.conn.query("SELECT DECODE('abc', 'UTF-8')")).rejects.toBeInstanceOf(StatementFailedError);
  });
});
