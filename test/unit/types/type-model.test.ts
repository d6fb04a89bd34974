import { describe, expect, it } from "vitest";
import { formatType } from "../../../src/types/format-type.ts";
import { parseTypeText } from "../../../src/types/type-text.ts";
import { parseLogicalTypeJson, parseColumnsJson, toLogicalTypeJson, toColumnsJson } from "../../../src/types/schema-json.ts";
import type { LogicalType } from "../../../src/types/model.ts";
import { ProtocolError } from "../../../src/errors.ts";
import { compileRowDecoder } from "../../../src/types/decode.ts";
import { formatWireValue, parseWireValue } from "../../../src/types/wire.ts";
import { Decimal } from "../../../src/types/decimal.ts";

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
  it("rejects invalid attributes with a path", () => {
    try {
      parseColumnsJson({ columns: [{ name: "a", type: { type: "ROW", nullable: true, fields: [{ name: "x", field_type: { type: "DECIMAL", precision: 39 } }] } }] }, "status.traits.schema");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolError);
      expect((e as ProtocolError).code).toBe("PROTOCOL_ERROR");
      expect((e as ProtocolError).path).toBe("status.traits.schema.columns[0].type.fields[0].field_type.precision");
    }
    expect(() => parseLogicalTypeJson({ nullable: true }, "t")).toThrow(ProtocolError);
    expect(() => parseLogicalTypeJson({ type: "DISTINCT_TYPE", nullable: true }, "t")).toThrow(ProtocolError);
    expect(() => parseLogicalTypeJson({ type: "RAW", class_name: 7 }, "t")).toThrow(ProtocolError);
    expect(() => parseLogicalTypeJson({ type: "DECIMAL", precision: 50 }, "t")).toThrow(ProtocolError);
    expect(() => parseLogicalTypeJson(null, "t")).toThrow(ProtocolError);
    expect(() => parseLogicalTypeJson({ type: "INTERVAL_DAY_TIME", resolution: "WEEK" }, "t")).toThrow(ProtocolError);
  });
});

describe("RAW, DISTINCT_TYPE, SYMBOL and types the model does not know", () => {
  // Flink's LogicalTypeJsonSerializer fields, snake_cased as on the wire: RAW `class` (the
  // wire's `class_name`) and `serializer`; DISTINCT_TYPE `objectIdentifier`, `description`,
  // `sourceType`; SYMBOL only the root.
  const dec = { type: "DECIMAL", nullable: true, precision: 10, scale: 2 };
  const examples = [
    { name: "r", type: { type: "RAW", nullable: true, class_name: "java.time.Duration", serializer: "AEdvcmcuYXBhY2hl" } },
    { name: "money", type: { type: "DISTINCT_TYPE", nullable: false, object_identifier: "`cat`.`db`.`Money`", source_type: dec, description: "in EUR" } },
    { name: "unit", type: { type: "SYMBOL", nullable: true } },
    { name: "geo", type: { type: "GEOGRAPHY", nullable: true, srid: 4326, extra: { a: [1] } } },
  ];
  it("parse into the model, format as Flink prints them and round-trip as wire JSON", () => {
    const cols = parseColumnsJson({ columns: examples }, "status.traits.schema");
    expect(cols.map((c) => c.type)).toEqual([
      { type: "RAW", nullable: true, className: "java.time.Duration", serializer: "AEdvcmcuYXBhY2hl" },
      { type: "DISTINCT_TYPE", nullable: false, objectIdentifier: "`cat`.`db`.`Money`", sourceType: dec, description: "in EUR" },
      { type: "SYMBOL", nullable: true },
      { type: "OPAQUE", nullable: true, typeName: "GEOGRAPHY", json: examples[3]!.type },
    ]);
    expect(cols.map((c) => formatType(c.type))).toEqual([
      "RAW('java.time.Duration', 'AEdvcmcuYXBhY2hl')", "`cat`.`db`.`Money` NOT NULL", "SYMBOL", "GEOGRAPHY",
    ]);
    expect(toColumnsJson(cols)).toEqual(examples);
    for (const i of [0, 2]) expect(parseTypeText(formatType(cols[i]!.type))).toEqual(cols[i]!.type);
    expect(parseTypeText("RAW('a.B')")).toEqual({ type: "RAW", nullable: true, className: "a.B" });
  });
  it("accept Flink's own spellings (gateway `class`, plan `sourceType` / `objectIdentifier`)", () => {
    expect(parseLogicalTypeJson({ type: "RAW", nullable: false, class: "x.Y", serializer: "s" }, "t"))
      .toEqual({ type: "RAW", nullable: false, className: "x.Y", serializer: "s" });
    expect(parseLogicalTypeJson({ type: "DISTINCT_TYPE", objectIdentifier: "`c`.`d`.`T`", sourceType: { type: "INTEGER" } }, "t"))
      .toEqual({ type: "DISTINCT_TYPE", nullable: true, objectIdentifier: "`c`.`d`.`T`", sourceType: { type: "INTEGER", nullable: true } });
  });
  it("an unknown type name is an opaque column: the result stays readable, values come back as sent", () => {
    const schema = { columns: [
      { name: "id", type: { type: "INTEGER", nullable: false } },
      { name: "geo", type: { type: "GEOGRAPHY", nullable: true, srid: 4326 } },
      { name: "geos", type: { type: "ARRAY", nullable: true, element_type: { type: "H3_CELL", nullable: true } } },
      { name: "money", type: examples[1]!.type },
      { name: "r", type: examples[0]!.type },
      { name: "unit", type: examples[2]!.type },
    ] };
    const cols = parseColumnsJson(schema, "status.traits.schema");
    expect(formatType(cols[2]!.type)).toBe("ARRAY<H3_CELL>");
    const decoder = compileRowDecoder(cols);
    expect(decoder.toObject(["1", "POINT(1 2)", ["8a2a1072b59ffff", null, ["x"]], "12.50", "rO0ABXQ=", "DAY"])).toEqual({
      id: 1, geo: "POINT(1 2)", geos: ["8a2a1072b59ffff", null, ["x"]], money: "12.50", r: "rO0ABXQ=", unit: "DAY",
    });
    expect(decoder.toArray(["2", null, null, null, null, null])).toEqual([2, null, null, null, null, null]);
    // A DISTINCT value is checked as its source type.
    expect(() => decoder.toArray(["3", null, null, "abc", null, null])).toThrow(/money.*DECIMAL\(10, 2\).*"abc"/);
  });
  it("the emulator's wire formatting keeps them in wire form (DISTINCT as its source type)", () => {
    const [raw, money, , geo] = parseColumnsJson({ columns: examples }, "s").map((c) => c.type);
    expect(formatWireValue(money!, Decimal.parse("1.5"))).toBe("1.50");
    expect(parseWireValue(money!, "1.50")).toEqual(Decimal.parse("1.50"));
    expect(formatWireValue(geo!, ["a", [null, "b"]])).toEqual(["a", [null, "b"]]);
    expect(parseWireValue(raw!, "rO0ABXQ=")).toBe("rO0ABXQ=");
    expect(() => formatWireValue(geo!, 5)).toThrow(expect.objectContaining({ code: "VALUE_TYPE_MISMATCH" }));
  });
});
