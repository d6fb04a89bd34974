import { describe, expect, it } from "vitest";
import { formatType } from "../../../src/types/format-type.ts";
import { parseTypeText } from "../../../src/types/type-text.ts";
import { parseLogicalTypeJson, parseColumnsJson, toLogicalTypeJson, toColumnsJson } from "../../../src/types/schema-json.ts";
import type { LogicalType } from "../../../src/types/model.ts";
import { ProtocolError } from "../../../src/errors.ts";

const S = { type: "VARCHAR", nullable: true, length: 2147483647 } as const;

describe("formatType / parseTypeText", () => {
  const cases: Array<[string, LogicalType]> = [
    ["DECIMAL(10, 2)", { type: "DECIMAL", nullable: true, precision: 10, scale: 2 }],
    ["STRING NOT NULL", { ...S, nullable: false }],
    ["VARCHAR(10)", { type: "VARCHAR", nullable: true, length: 10 }],
    ["CHAR(3)", { type: "CHAR", nullable: true, length: 3 }],
    ["BYTES", { type: "VARBINARY", nullable: true, length: 2147483647 }],
    ["BINARY(4)", { type: "BINARY", nullable: true, length: 4 }],
    ["INT", { type: "INTEGER", nullable: true }],
    ["TIMESTAMP_LTZ(3)", { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision: 3 }],
    ["TIMESTAMP(9)", { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: true, precision: 9 }],
    ["TIME(0)", { type: "TIME_WITHOUT_TIME_ZONE", nullable: true, precision: 0 }],
    ["ROW<a INT, b STRING>", { type: "ROW", nullable: true, fields: [{ name: "a", type: { type: "INTEGER", nullable: true } }, { name: "b", type: S }] }],
    ["ROW<`my field` INT 'a ''desc''', `order` STRING>", { type: "ROW", nullable: true, fields: [
      { name: "my field", type: { type: "INTEGER", nullable: true }, description: "a 'desc'" }, { name: "order", type: S }] }],
    ["MAP<STRING, ARRAY<INT NOT NULL>>", { type: "MAP", nullable: true, keyType: S, valueType: { type: "ARRAY", nullable: true, elementType: { type: "INTEGER", nullable: false } } }],
    ["MULTISET<STRING> NOT NULL", { type: "MULTISET", nullable: false, elementType: S }],
    ["INTERVAL YEAR(2) TO MONTH", { type: "INTERVAL_YEAR_MONTH", nullable: true, resolution: "YEAR_TO_MONTH", precision: 2 }],
    ["INTERVAL MONTH", { type: "INTERVAL_YEAR_MONTH", nullable: true, resolution: "MONTH", precision: 2 }],
    ["INTERVAL DAY(2) TO SECOND(3)", { type: "INTERVAL_DAY_TIME", nullable: true, resolution: "DAY_TO_SECOND", precision: 2, fractionalPrecision: 3 }],
    ["INTERVAL HOUR TO MINUTE", { type: "INTERVAL_DAY_TIME", nullable: true, resolution: "HOUR_TO_MINUTE", precision: 2, fractionalPrecision: 6 }],
    ["INTERVAL SECOND(3)", { type: "INTERVAL_DAY_TIME", nullable: true, resolution: "SECOND", precision: 2, fractionalPrecision: 3 }],
    ["NULL", { type: "NULL", nullable: true }],
    ["VARIANT", { type: "VARIANT", nullable: true }],
    ["TIMESTAMP(6) WITH TIME ZONE", { type: "TIMESTAMP_WITH_TIME_ZONE", nullable: true, precision: 6 }],
  ];
  it.each(cases)("%s", (text, t) => {
    expect(formatType(t)).toBe(text);
    expect(parseTypeText(text)).toEqual(t);
  });
  it("accepts Flink's other spellings", () => {
    expect(parseTypeText("integer")).toEqual({ type: "INTEGER", nullable: true });
    expect(parseTypeText("numeric(5,1)")).toEqual({ type: "DECIMAL", nullable: true, precision: 5, scale: 1 });
    expect(parseTypeText("DEC")).toEqual({ type: "DECIMAL", nullable: true, precision: 10, scale: 0 });
    expect(parseTypeText("TIMESTAMP(3) WITH LOCAL TIME ZONE")).toEqual({ type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision: 3 });
    expect(parseTypeText("TIMESTAMP")).toEqual({ type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: true, precision: 6 });
    expect(parseTypeText("TIMESTAMP WITHOUT TIME ZONE")).toEqual({ type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: true, precision: 6 });
    expect(parseTypeText("INT ARRAY NOT NULL")).toEqual({ type: "ARRAY", nullable: false, elementType: { type: "INTEGER", nullable: true } });
    expect(parseTypeText("ROW(a INT)")).toEqual({ type: "ROW", nullable: true, fields: [{ name: "a", type: { type: "INTEGER", nullable: true } }] });
    expect(parseTypeText("DOUBLE PRECISION")).toEqual({ type: "DOUBLE", nullable: true });
    expect(parseTypeText("CHARACTER VARYING(5)")).toEqual({ type: "VARCHAR", nullable: true, length: 5 });
    expect(parseTypeText("INTERVAL DAYS TO SECOND").type).toBe("INTERVAL_DAY_TIME");
    expect(parseTypeText("TIMESTAMP_WITH_LOCAL_TIME_ZONE(3)").type).toBe("TIMESTAMP_WITH_LOCAL_TIME_ZONE");
    expect(parseTypeText("VARCHAR").type).toBe("VARCHAR");
  });
  it("rejects bad text with TYPE_TEXT_INVALID", () => {
    for (const s of ["", "FOO", "DECIMAL(39, 1)", "DECIMAL(5, 6)", "TIMESTAMP(10)", "ARRAY<INT", "INT; DROP TABLE x", "MAP<INT>", "INTERVAL HOUR TO DAY", "ROW<a>"]) {
      let code: string | undefined;
      try { parseTypeText(s); } catch (e) { code = (e as { code: string }).code; }
      expect(code, s).toBe("TYPE_TEXT_INVALID");
    }
  });
});

describe("schema JSON", () => {
  const examples = [
    { name: "when_reported", type: { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: false, precision: 6 } },
    { name: "price", type: { type: "DECIMAL", nullable: true, precision: 10, scale: 2 } },
    { name: "tags", type: { type: "ARRAY", nullable: true, element_type: { type: "VARCHAR", nullable: true, length: 2147483647 } } },
    { name: "attrs", type: { type: "MAP", nullable: true, key_type: { type: "VARCHAR", nullable: false, length: 2147483647 }, value_type: { type: "INTEGER", nullable: true } } },
    { name: "addr", type: { type: "ROW", nullable: true, fields: [
      { name: "street", field_type: { type: "VARCHAR", nullable: true, length: 2147483647 } },
      { name: "zip", field_type: { type: "INTEGER", nullable: false }, description: "postal code" }] } },
    { name: "iv", type: { type: "INTERVAL_DAY_TIME", nullable: true, precision: 2, fractional_precision: 6, resolution: "DAY_TO_SECOND" } },
    { name: "ym", type: { type: "INTERVAL_YEAR_MONTH", nullable: true, precision: 4, resolution: "YEAR_TO_MONTH" } },
    { name: "ms", type: { type: "MULTISET", nullable: true, element_type: { type: "INTEGER", nullable: true } } },
    { name: "n", type: { type: "NULL", nullable: true } },
    { name: "v", type: { type: "VARIANT", nullable: true } },
    { name: "st", type: { type: "STRUCTURED_TYPE", nullable: true, class_name: "com.x.User", fields: [{ name: "a", field_type: { type: "INTEGER", nullable: true } }] } },
  ];
  it("round-trips the reference examples", () => {
    const cols = parseColumnsJson({ columns: examples }, "status.traits.schema");
    expect(cols.map((c) => formatType(c.type))).toEqual([
      "TIMESTAMP_LTZ(6) NOT NULL", "DECIMAL(10, 2)", "ARRAY<STRING>", "MAP<STRING NOT NULL, INT>",
      "ROW<street STRING, zip INT NOT NULL 'postal code'>", "INTERVAL DAY(2) TO SECOND(6)", "INTERVAL YEAR(4) TO MONTH",
      "MULTISET<INT>", "NULL", "VARIANT", "STRUCTURED<'com.x.User', a INT>",
    ]);
    expect(toColumnsJson(cols)).toEqual(examples);
    for (const c of cols) expect(parseTypeText(formatType(c.type))).toEqual(c.type);
  });
  it("accepts the bare columns array (legacy result_schema) and missing nullable", () => {
    const cols = parseColumnsJson([{ name: "a", type: { type: "INTEGER" } }], "status.result_schema");
    expect(cols[0]!.type).toEqual({ type: "INTEGER", nullable: true });
    expect(toLogicalTypeJson(cols[0]!.type)).toEqual({ type: "INTEGER", nullable: true });
  });
  it("rejects unknown types with a path", () => {
    try {
      parseColumnsJson({ columns: [{ name: "a", type: { type: "ROW", nullable: true, fields: [{ name: "x", field_type: { type: "RAW", nullable: true } }] } }] }, "status.traits.schema");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolError);
      expect((e as ProtocolError).code).toBe("PROTOCOL_ERROR");
      expect((e as ProtocolError).path).toBe("status.traits.schema.columns[0].type.fields[0].field_type.type");
    }
    expect(() => parseLogicalTypeJson({ type: "DECIMAL", precision: 50 }, "t")).toThrow(ProtocolError);
    expect(() => parseLogicalTypeJson(null, "t")).toThrow(ProtocolError);
    expect(() => parseLogicalTypeJson({ type: "INTERVAL_DAY_TIME", resolution: "WEEK" }, "t")).toThrow(ProtocolError);
  });
});
