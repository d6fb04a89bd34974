/** Property tests: random logical types survive formatType -> parseTypeText and JSON round trips. */
import { expect, it } from "vitest";
import fc from "fast-check";
import type { LogicalType } from "../../../src/types/model.ts";
import { formatType } from "../../../src/types/format-type.ts";
import { parseTypeText } from "../../../src/types/type-text.ts";
import { parseLogicalTypeJson, toLogicalTypeJson } from "../../../src/types/schema-json.ts";

const nullable = fc.boolean();
const leaf: fc.Arbitrary<LogicalType> = fc.oneof(
  fc.record({ type: fc.constantFrom("CHAR", "VARCHAR", "BINARY", "VARBINARY"), nullable, length: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(2147483647)) }),
  fc.record({ type: fc.constantFrom("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "DATE", "VARIANT"), nullable }),
  fc.integer({ min: 1, max: 38 }).chain((p) => fc.record({ type: fc.constant("DECIMAL"), nullable, precision: fc.constant(p), scale: fc.integer({ min: 0, max: p }) })),
  fc.record({ type: fc.constantFrom("TIME_WITHOUT_TIME_ZONE", "TIMESTAMP_WITHOUT_TIME_ZONE", "TIMESTAMP_WITH_LOCAL_TIME_ZONE", "TIMESTAMP_WITH_TIME_ZONE"), nullable, precision: fc.integer({ min: 0, max: 9 }) }),
  fc.oneof(
    fc.record({ type: fc.constant("INTERVAL_YEAR_MONTH"), nullable, resolution: fc.constantFrom("YEAR", "YEAR_TO_MONTH"), precision: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ type: fc.constant("INTERVAL_YEAR_MONTH"), nullable, resolution: fc.constant("MONTH"), precision: fc.constant(2) }),
  ),
  fc.record({
    type: fc.constant("INTERVAL_DAY_TIME"), nullable,
    resolution: fc.constantFrom("DAY", "DAY_TO_HOUR", "DAY_TO_MINUTE", "DAY_TO_SECOND", "HOUR", "HOUR_TO_MINUTE", "HOUR_TO_SECOND", "MINUTE", "MINUTE_TO_SECOND", "SECOND"),
    precision: fc.integer({ min: 1, max: 6 }), fractionalPrecision: fc.integer({ min: 0, max: 9 }),
  }).map((t) => {
    // Flink's text only carries the precisions that apply to the resolution; normalise the rest.
    const hasDay = t.resolution.startsWith("DAY");
    const hasSecond = t.resolution.endsWith("SECOND");
    return { ...t, precision: hasDay ? t.precision : 2, fractionalPrecision: hasSecond ? t.fractionalPrecision : 6 };
  }),
  fc.constant({ type: "NULL", nullable: true }),
  fc.record({ type: fc.constant("SYMBOL"), nullable }),
  fc.record({ type: fc.constant("RAW"), nullable, className: fc.string({ maxLength: 12 }), serializer: fc.string({ maxLength: 12 }) }, { requiredKeys: ["type", "nullable", "className"] }),
) as fc.Arbitrary<LogicalType>;

const fieldName = fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/), fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom("order", "timestamp", "a`b", "x y", "__proto__"));

const { type } = fc.letrec<{ type: LogicalType }>((tie) => ({
  type: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ type: fc.constantFrom("ARRAY", "MULTISET"), nullable, elementType: tie("type") }),
    fc.record({ type: fc.constant("MAP"), nullable, keyType: tie("type"), valueType: tie("type") }),
    fc.record({
      type: fc.constant("ROW"), nullable,
      fields: fc.array(fc.record({ name: fieldName, type: tie("type") }, { requiredKeys: ["name", "type"] }), { minLength: 1, maxLength: 4 }),
    }),
  ) as fc.Arbitrary<LogicalType>,
}));

it("formatType and parseTypeText are inverse", () => {
  fc.assert(fc.property(type, (t) => {
    expect(parseTypeText(formatType(t))).toEqual(t);
  }), { numRuns: 500 });
});

// Types whose text is not the whole type (a DISTINCT's catalog path, an unknown wire name)
// round-trip through the wire JSON only.
// What a server can actually send: values as JSON text yields them (fc.jsonValue() can
// produce -0, which JSON writes as 0).
const jsonText = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const jsonOnly: fc.Arbitrary<LogicalType> = fc.oneof(
  fc.record({ type: fc.constant("DISTINCT_TYPE"), nullable, objectIdentifier: fc.string({ maxLength: 12 }), sourceType: type, description: fc.string({ maxLength: 8 }) }, { requiredKeys: ["type", "nullable", "objectIdentifier", "sourceType"] }),
  fc.record({ type: fc.constant("OPAQUE"), nullable, typeName: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/), json: fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), jsonText) })
    .filter((t) => !["type", "nullable"].some((k) => k in t.json) && parseLogicalTypeJson({ type: t.typeName }, "t").type === "OPAQUE")
    .map((t) => ({ ...t, json: { ...t.json, type: t.typeName, nullable: t.nullable } })),
) as fc.Arbitrary<LogicalType>;

it("wire JSON round-trips", () => {
  fc.assert(fc.property(fc.oneof(type, jsonOnly), (t) => {
    expect(parseLogicalTypeJson(JSON.parse(JSON.stringify(toLogicalTypeJson(t))), "t")).toEqual(t);
  }), { numRuns: 500 });
});
