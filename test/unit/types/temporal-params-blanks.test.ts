/**
 * Blanks around the text of `date()`, `time()` and `timestamp()` are ignored, consistently: the
 * parsers always trimmed, but the default precision (the fraction digits given) was counted
 * from the untrimmed text, so leading blanks took digits off it: `time(" 12:00:00.5")` came out
 * as TIME(0) and was then refused with PARAMETER_INVALID "has more than 0 fraction digits",
 * while `time("12:00:00.5 ")` worked. Text that is not a temporal value is still refused with
 * the parser's DataError code.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataError, date, time, timestamp } from "../../../src/index.ts";

const BLANKS = [" ", "  ", "\t", "\n", " \t "];

describe("blanks around temporal parameter text", () => {
  it("time(): leading, trailing or both give the same literal and precision as the bare text", () => {
    for (const b of BLANKS) {
      for (const padded of [`${b}12:00:00.5`, `12:00:00.5${b}`, `${b}12:00:00.5${b}`]) {
        const f = time(padded);
        expect(f.sql, JSON.stringify(padded)).toBe("TIME '12:00:00.5'");
        expect(f.type).toEqual({ type: "TIME_WITHOUT_TIME_ZONE", nullable: false, precision: 1 });
      }
    }
    expect(time("  08:15:30.123456789").sql).toBe("TIME '08:15:30.123456789'");
    expect(time(" 08:15").sql).toBe("TIME '08:15:00'");
    expect(time(" 08:15:30.25", 3).sql).toBe("TIME '08:15:30.250'");
  });

  it("timestamp(): the same, with a space or a T between date and time", () => {
    for (const b of BLANKS) {
      expect(timestamp(`${b}2024-06-15 12:34:56.123`).sql).toBe("TIMESTAMP '2024-06-15 12:34:56.123'");
      expect(timestamp(`${b}2024-06-15T12:34:56.123456${b}`).type).toEqual({ type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: false, precision: 6 });
      expect(timestamp(`${b}2024-06-15`).sql).toBe("TIMESTAMP '2024-06-15 00:00:00'");
    }
  });

  it("date(): blanks ignored as well", () => {
    for (const b of BLANKS) expect(date(`${b}2024-06-15${b}`).sql).toBe("DATE '2024-06-15'");
  });

  it("any padding renders exactly as the bare text does (property)", () => {
    const blank = fc.constantFrom(...BLANKS, "");
    const digits = fc.integer({ min: 0, max: 9 });
    fc.assert(
      fc.property(blank, blank, digits, fc.integer({ min: 0, max: 86_399 }), fc.integer({ min: 0, max: 999_999_999 }), (before, after, p, secs, nanos) => {
        const hms = [Math.floor(secs / 3600), Math.floor(secs / 60) % 60, secs % 60].map((n) => String(n).padStart(2, "0")).join(":");
        const bare = p === 0 ? hms : `${hms}.${String(nanos).padStart(9, "0").slice(0, p)}`;
        expect(time(before + bare + after)).toEqual(time(bare));
        expect(timestamp(`${before}2024-02-29 ${bare}${after}`)).toEqual(timestamp(`2024-02-29 ${bare}`));
      }),
    );
  });

  it("blanks inside the value are still refused with the parser's code", () => {
    const codeOf = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DataError);
        return (e as DataError).code;
      }
      return "none";
    };
    expect(codeOf(() => time("12: 00:00.5"))).toBe("TIME_INVALID");
    expect(codeOf(() => time("12:00:00 .5"))).toBe("TIME_INVALID");
    expect(codeOf(() => time("   "))).toBe("TIME_INVALID");
    expect(codeOf(() => timestamp(" 2024-06-15  12:00:00"))).toBe("TIMESTAMP_INVALID");
    expect(codeOf(() => date("2024 -06-15"))).toBe("DATE_INVALID");
  });
});
