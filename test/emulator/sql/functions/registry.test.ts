/**
 * The registry surface the planner uses (contracts.md "engine contract"): lookups by SQL name,
 * SHOW FUNCTIONS names, the planner's calling conventions for syntax-specific forms, literal-
 * dependent result types, and mixed datetime comparisons.
 */
import { describe, expect, test } from "vitest";
import { cast, listFunctions, lookupAggregate, lookupScalar, registry } from "../../../../src/emulator/sql/functions/registry.ts";
import { formatType } from "../../../../src/types/format-type.ts";
import { Timestamp, parseDate, parseTimestamp } from "../../../../src/types/temporal.ts";
import { T, call, str } from "./support.ts";

describe("registry", () => {
  test("lookups are case-insensitive; unknown names are undefined", () => {
    expect(lookupScalar("concat")).toBe(lookupScalar("CONCAT"));
    expect(lookupAggregate("count")?.name).toBe("COUNT");
    expect(lookupAggregate("UPPER")).toBeUndefined();
    expect(lookupScalar("COUNT")).toBeUndefined();
    expect(registry.cast).toBe(cast);
  });
  test("listFunctions names functions and aggregates, not operators, sorted", () => {
    const names = listFunctions();
    expect(names).toContain("UPPER");
    expect(names).toContain("LISTAGG");
    expect(names).toContain("JSON_VALUE");
    expect(names).not.toContain("+");
    expect(names).not.toContain("IS NULL");
    expect(names).not.toContain("$SUM0");
    expect([...names].sort()).toEqual(names);
    expect(names.length).toBeGreaterThan(120);
  });
  test("TIMESTAMPADD of a sub-day unit to a DATE is TIMESTAMP(0) when the unit is a literal (Calcite)", () => {
    const f = lookupScalar("TIMESTAMPADD")!;
    const ts = [T.char(4, false), T.int(false), T.date(false)];
    expect(formatType(f.inferType(ts))).toBe("DATE NOT NULL");
    const rt = f.inferTypeWithLiterals!(ts, ["HOUR", undefined, undefined])!;
    expect(formatType(rt)).toBe("TIMESTAMP(0) NOT NULL");
    expect(f.inferTypeWithLiterals!(ts, ["DAY", undefined, undefined])).toBeNull();
    const v = f.compile(ts, rt)(["HOUR", 5, parseDate("2024-01-01")], { now: () => 0, localTimeZone: "UTC", random: () => 0 });
    expect(v).toEqual(parseTimestamp("2024-01-01 05:00:00"));
  });
  test("datetime comparisons across kinds: DATE vs TIMESTAMP, TIMESTAMP vs TIMESTAMP_LTZ (session zone)", () => {
    expect(call("<", [[T.date(false), parseDate("2024-01-01")], [T.timestamp(3, false), parseTimestamp("2024-01-01 00:00:01")]])).toBe(true);
    const instant = new Timestamp(Date.UTC(2024, 0, 1, 10));
    expect(call("=", [[T.timestamp(3, false), parseTimestamp("2024-01-01 12:00:00")], [T.timestampLtz(3, false), instant]], "GMT+02:00")).toBe(true);
    expect(call("=", [[T.timestamp(3, false), parseTimestamp("2024-01-01 12:00:00")], [T.timestampLtz(3, false), instant]], "UTC")).toBe(false);
    expect(call("=", [[T.timestamp(3, false), parseTimestamp("2024-01-01 12:00:00")], str("2024-01-01 12:00:00")])).toBe(true);
  });
});
