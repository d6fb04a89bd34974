/**
 * RAND(seed) / RAND_INTEGER(seed, bound) as Flink's RandCallGen generates them: a literal (or
 * constant, which the planner reduces to a literal) seed makes one `new java.util.Random(seed)`
 * per call site whose sequence continues from row to row; a seed from a column makes
 * `new java.util.Random(seed)` on every evaluation, so a row sees the first draw of its seed. A
 * NULL seed or bound gives NULL (generateCallIfArgsNotNull), while the declared types stay
 * Calcite's DOUBLE NOT NULL / INTEGER NOT NULL.
 *
 * Expected numbers come from `javaRandom` below, written from java.util.Random's specification
 * (the 48-bit LCG of its Javadoc), and are pinned to published values: Random(0).nextDouble() =
 * 0.730967787376657, Random(1).nextDouble() = 0.7308781907032909, Random(42).nextDouble() =
 * 0.7275636800328681 and Random(23).nextInt(1000) = 227 (Confluent's RAND / RAND_INTEGER examples).
 */
import { describe, expect, test } from "vitest";
import { StatementFailedError } from "../../../../src/index.ts";
import { sharedConnection } from "../../../support/emulated-connection.ts";

/** java.util.Random per its Javadoc: setSeed, next(bits), nextDouble(), nextInt(bound). */
function javaRandom(seed: bigint) {
  const mask = (1n << 48n) - 1n;
  let state = (BigInt.asIntN(64, seed) ^ 0x5deece66dn) & mask;
  const next = (bits: number): number => {
    state = (state * 0x5deece66dn + 0xbn) & mask;
    return Number(BigInt.asIntN(32, state >> BigInt(48 - bits)));
  };
  return {
    nextDouble: () => (next(26) * 2 ** 27 + next(27)) / 2 ** 53,
    nextInt(bound: number): number {
      let r = next(31);
      const m = bound - 1;
      if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
      for (let u = r; u - (r = u % bound) + m > 0x7fffffff; u = next(31));
      return r;
    },
  };
}

const db = sharedConnection();

async function column(sql: string): Promise<{ values: unknown[]; type: string }> {
  const { rows, columns } = await db.conn.query(sql, undefined, { asDict: false });
  return { values: (rows as unknown[][]).map((r) => r[0]), type: columns[0]!.typeName };
}

describe("the reference generator agrees with published java.util.Random values", () => {
  test("first draws", () => {
    expect(javaRandom(0n).nextDouble()).toBe(0.730967787376657);
    expect(javaRandom(1n).nextDouble()).toBe(0.7308781907032909);
    expect(javaRandom(42n).nextDouble()).toBe(0.7275636800328681);
    expect(javaRandom(23n).nextInt(1000)).toBe(227);
    expect(javaRandom(42n).nextInt(10000)).toBe(1130);
  });
});

describe("RAND(seed) with a seed from a column", () => {
  test("each row is the first draw of new Random(its seed), equal seeds give equal values", async () => {
    const r = await column("SELECT RAND(s) FROM (VALUES 0, 1, 42, 42, -7) AS t(s)");
    expect(r.values).toEqual([0n, 1n, 42n, 42n, -7n].map((s) => javaRandom(s).nextDouble()));
    expect(r.values.slice(0, 3)).toEqual([0.730967787376657, 0.7308781907032909, 0.7275636800328681]);
    expect(r.type).toBe("DOUBLE NOT NULL");
  });

  test("BIGINT seeds use all 64 bits (Random's seed is a long)", async () => {
    const seeds = [4294967296n, -9223372036854775808n, 9223372036854775807n];
    const r = await column(`SELECT RAND(s) FROM (VALUES ${seeds.map((s) => `CAST(${s === -9223372036854775808n ? "-9223372036854775807 - 1" : s} AS BIGINT)`).join(", ")}) AS t(s)`);
    expect(r.values).toEqual(seeds.map((s) => javaRandom(s).nextDouble()));
  });

  test("a literal or constant seed keeps one generator for the call site", async () => {
    const g = javaRandom(42n);
    const expected = [g.nextDouble(), g.nextDouble(), g.nextDouble()];
    expect((await column("SELECT RAND(42) FROM (VALUES 1, 2, 3) AS t(x)")).values).toEqual(expected);
    expect((await column("SELECT RAND(40 + 2) FROM (VALUES 1, 2, 3) AS t(x)")).values).toEqual(expected);
  });

  test("a NULL seed gives NULL", async () => {
    const r = await column("SELECT RAND(s) FROM (VALUES CAST(NULL AS INT), 1) AS t(s)");
    expect(r.values).toEqual([null, javaRandom(1n).nextDouble()]);
    expect(r.type).toBe("DOUBLE NOT NULL");
  });
});

describe("RAND_INTEGER(seed, bound) with non-literal arguments", () => {
  test("a seed column draws nextInt(bound) from new Random(seed) per row", async () => {
    const r = await column("SELECT RAND_INTEGER(s, 10) FROM (VALUES 42, 42, 23, 7) AS t(s)");
    expect(r.values).toEqual([42n, 42n, 23n, 7n].map((s) => javaRandom(s).nextInt(10)));
    expect(r.type).toBe("INT NOT NULL");
  });

  test("a literal seed with a bound column continues one generator", async () => {
    const g = javaRandom(23n);
    const r = await column("SELECT RAND_INTEGER(23, b) FROM (VALUES 1000, 1000, 16, 7) AS t(b)");
    expect(r.values).toEqual([g.nextInt(1000), g.nextInt(1000), g.nextInt(16), g.nextInt(7)]);
    expect(r.values[0]).toBe(227);
  });

  test("seed and bound both from columns", async () => {
    const r = await column("SELECT RAND_INTEGER(s, b) FROM (VALUES (42, 10000), (23, 1000), (5, 64)) AS t(s, b)");
    expect(r.values).toEqual([1130, 227, javaRandom(5n).nextInt(64)]);
  });

  test("NULL seed or bound gives NULL; a bound that is not positive fails as Java's nextInt does", async () => {
    const r = await column("SELECT RAND_INTEGER(s, b) FROM (VALUES (CAST(NULL AS INT), 5), (1, CAST(NULL AS INT))) AS t(s, b)");
    expect(r.values).toEqual([null, null]);
    expect(r.type).toBe("INT NOT NULL");
    for (const sql of ["SELECT RAND_INTEGER(s, 0) FROM (VALUES 1) AS t(s)", "SELECT RAND_INTEGER(b) FROM (VALUES -3) AS t(b)"]) {
      const err = await db.conn.query(sql).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StatementFailedError);
      expect((err as Error).message).toContain("bound must be positive");
    }
  });
});
