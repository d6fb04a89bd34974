/**
 * Round trip over the corpus: parse -> format -> parse gives the same AST (positions aside),
 * and formatting is a fixed point (format(parse(format(x))) === format(x)), with both
 * identifier quoting styles.
 */
import { describe, expect, it } from "vitest";
import { formatStatement } from "../../../../src/emulator/sql/syntax/formatter.ts";
import { parseStatement } from "../../../../src/emulator/sql/syntax/parser.ts";
import { stripPositions } from "../../../../src/emulator/sql/syntax/strip.ts";
import { CORPUS } from "./corpus.ts";

describe("round trip parse -> format -> parse", () => {
  for (const [group, list] of Object.entries(CORPUS)) {
    describe(group, () => {
      for (const sql of list) {
        it(sql.replace(/\s+/g, " ").slice(0, 100), () => {
          const first = parseStatement(sql);
          const text = formatStatement(first);
          const second = parseStatement(text);
          expect(stripPositions(second)).toEqual(stripPositions(first));
          expect(formatStatement(second)).toBe(text);
          const plain = formatStatement(first, { quoteIdentifiers: "needed" });
          expect(stripPositions(parseStatement(plain))).toEqual(stripPositions(first));
        });
      }
    });
  }
});
