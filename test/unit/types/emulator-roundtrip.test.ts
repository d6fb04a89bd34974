/**
 * Parameters through the emulator: render a literal, SELECT it with the real SQL engine,
 * decode the result, compare with the original value. Covers the literal forms the emulator's
 * engine supports today (scalars, temporal helpers, intervals, ROW, typed NULL).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createEmulator, type Emulator } from "../../../src/emulator/index.ts";
import { connect, type Connection } from "../../../src/index.ts";
import { date, timestamp, typedNull, row, time } from "../../../src/types/params.ts";
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
        anyString, fc.integer(), fc.double(), // Safe range only: the engine's CAST(<bigint literal> AS BIGINT) currently rounds through a
        // double beyond 2^53 (reported); the literal itself is pinned exact in params.test.ts.
        fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n }), fc.uint8Array({ maxLength: 16 }), fc.boolean(),
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

  it("typed NULLs and ROWs", async () => {
    const back = await selectAll([typedNull("DECIMAL(10, 2)"), typedNull("TIMESTAMP(3)"), row(1, "a", 2n)]);
    expect(back).toEqual([null, null, { EXPR$0: 1, EXPR$1: "a", EXPR$2: 2n }]);
  });
});
