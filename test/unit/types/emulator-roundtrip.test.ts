/**
 * Parameters through the emulator: render a literal, SELECT it with the real SQL engine,
 * decode the result, compare with the original value: scalars over their full ranges (BIGINT
 * to ±(2^63 - 1), DECIMAL(38, 18)), Date instants, temporal helpers, intervals, ARRAY and MAP
 * of numbers and strings (typed empty ones included), MULTISET (built with COLLECT), ROW and
 * typed NULL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createEmulator, type Emulator } from "../../../src/emulator/index.ts";
import { connect, type Connection } from "../../../src/index.ts";
import { array, date, decimal, map, timestamp, typedNull, row, time } from "../../../src/types/params.ts";
import { Decimal } from "../../../src/types/decimal.ts";
import { YearMonthInterval, DayTimeInterval } from "../../../src/types/interval.ts";
import { Timestamp, parseTime } from "../../../src/types/temporal.ts";

let emu: Emulator;
let conn: Connection;
beforeAll(() => {
  emu = createEmulator({ clock: "instant" });
  conn = connect({ ...emu.connectOptions, fetch: emu.fetch, bigint: "bigint" });
});
afterAll(async () => {
  await conn.close();
  await emu.close();
});

async function selectAll(values: unknown[]): Promise<unknown[]> {
  const cols = values.map((_, i) => `%s AS c${i}`).join(", ");
  const { rows } = await conn.query(`SELECT ${cols}`, values, { asDict: false });
  return rows[0] as unknown[];
}

const nasty = fc.constantFrom("'", "%s", "%%", "--", "/*", "*/", "`", "\\", "\n", "'; DROP TABLE x; --", "\u{1F600}", "é");
const anyString = fc.array(fc.oneof(fc.string({ unit: "binary", maxLength: 10 }), nasty), { maxLength: 6 }).map((a) => a.join(""));

describe("emulator round trip", () => {
  it("strings, numbers, bigints and bytes come back equal", async () => {
    await fc.assert(
      fc.asyncProperty(
        anyString, fc.integer(), fc.double(),
        fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(2n ** 63n - 1n, -(2n ** 63n - 1n), -(2n ** 63n), 0n)),
        fc.uint8Array({ maxLength: 16 }), fc.boolean(),
        async (s, n, d, b, bytes, bool) => {
          const back = await selectAll([s, n, d, b, bytes, bool]);
          expect(back[0]).toBe(s);
          expect(back[1]).toBe(n);
          // integral numbers render as integer literals; beyond INT they are BIGINT (here: bigint)
          const d2 = typeof back[2] === "bigint" ? Number(back[2]) : back[2];
          expect(Object.is(d2, d) || (Number.isNaN(d) && Number.isNaN(d2))).toBe(true);
          expect(back[3]).toBe(b);
          expect(back[4]).toEqual(bytes);
          expect(back[5]).toBe(bool);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it("temporal helpers and intervals come back equal", async () => {
    const lo = -30610224000000; // 1000-01-01
    const hi = 253402300799999; // 9999-12-31 23:59:59.999
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: lo, max: hi }), fc.integer({ min: 0, max: 999999 }), fc.integer({ min: -99 * 12, max: 99 * 12 }),
        fc.integer({ min: -99 * 86400000, max: 99 * 86400000 }),
        async (ms, nanos, months, millis) => {
          const text = new Timestamp(ms, nanos).toString(); // YYYY-MM-DD HH:MM:SS.fffffffff
          const back = await selectAll([
            date(text.slice(0, 10)), timestamp(text), time(text.slice(11, 23)), YearMonthInterval.ofMonths(months), new DayTimeInterval(millis),
          ]);
          expect(back[0]).toBe(text.slice(0, 10));
          expect(back[1]).toBe(text.replace(" ", "T"));
          // Flink prints TIME fractions without trailing zeros (at least one digit): compare values.
          expect(parseTime(back[2] as string)).toBe(parseTime(text.slice(11, 23)));
          expect((back[3] as YearMonthInterval).totalMonths).toBe(months);
          expect((back[4] as DayTimeInterval).totalMilliseconds).toBe(millis);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it("BIGINT at ±(2^63 - 1) and DECIMAL(38, 18) keep every digit", async () => {
    expect(await selectAll([2n ** 63n - 1n, -(2n ** 63n - 1n)])).toEqual([2n ** 63n - 1n, -(2n ** 63n - 1n)]);
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }), async (u) => {
        const d = Decimal.fromUnscaled(u, 18);
        // DECIMAL is decoded as the text Flink prints: exactly 18 fraction digits.
        expect(await selectAll([decimal(d, 38, 18)])).toEqual([d.toString()]);
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it("Date parameters are instants: they come back as the same ISO instant", async () => {
    await fc.assert(
      fc.asyncProperty(fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }), async (d) => {
        expect(await selectAll([d])).toEqual([d.toISOString()]);
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it("ARRAY and MAP of numbers and strings, NULL elements and typed empties included", async () => {
    const int = fc.integer({ min: -2147483648, max: 2147483647 });
    const someNonNull = <T,>(a: fc.Arbitrary<T>) => fc.array(fc.option(a, { nil: null }), { minLength: 1, maxLength: 6 }).filter((xs) => xs.some((x) => x !== null));
    await fc.assert(
      fc.asyncProperty(
        someNonNull(int), fc.array(fc.double(), { minLength: 1, maxLength: 6 }),
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 1, maxLength: 4 }), someNonNull(anyString),
        fc.dictionary(anyString, int, { minKeys: 1, maxKeys: 5 }), fc.array(fc.tuple(int, fc.option(anyString, { nil: null })), { minLength: 1, maxLength: 5 })
          .map((pairs) => new Map(pairs)).filter((m) => [...m.values()].some((v) => v !== null)), // all-NULL values need a type hint
        async (ints, doubles, bigints, strings, dict, intKeyed) => {
          const back = await selectAll([ints, doubles, bigints, strings, dict, intKeyed, array([], "STRING"), map({}, "STRING", "BIGINT")]);
          expect(back[0]).toEqual(ints);
          // Integral doubles render as integer literals; a list of only those is BIGINT or INT.
          expect((back[1] as unknown[]).map(Number)).toEqual(doubles);
          expect(back[2]).toEqual(bigints);
          expect(back[3]).toEqual(strings);
          expect(back[4]).toEqual(new Map(Object.entries(dict)));
          expect(back[5]).toEqual(intKeyed);
          expect(back.slice(6)).toEqual([[], new Map()]);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it("MULTISET values (COLLECT) decode to element counts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom("a", "b", "'", "%s", "é"), anyString), { minLength: 1, maxLength: 8 }), async (xs) => {
        const values = xs.map(() => "(CAST(%s AS STRING))").join(", ");
        const { rows } = await conn.query(`SELECT COLLECT(v) AS m FROM (VALUES ${values}) AS t(v)`, xs, { asDict: false });
        const counts = new Map<string, number>();
        for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
        expect((rows[0] as unknown[])[0]).toEqual(counts);
      }),
      { numRuns: 20 },
    );
  }, 60_000);

  it("typed NULLs and ROWs", async () => {
    const back = await selectAll([typedNull("DECIMAL(10, 2)"), typedNull("TIMESTAMP(3)"), row(1, "a", 2n)]);
    expect(back).toEqual([null, null, { EXPR$0: 1, EXPR$1: "a", EXPR$2: 2n }]);
  });
});
