/**
 * The regular-expression string functions Confluent Cloud documents besides REGEXP,
 * REGEXP_EXTRACT and REGEXP_REPLACE ("String Functions in Confluent Cloud for Apache Flink"):
 * REGEXP_COUNT, REGEXP_EXTRACT_ALL, REGEXP_INSTR and REGEXP_SUBSTR. Types and edge cases follow
 * Flink's BuiltInFunctionDefinitions and runtime classes (Regexp*Function):
 * - the results are always nullable (explicit INT / STRING / ARRAY<STRING>, no NOT NULL);
 * - REGEXP_COUNT, REGEXP_INSTR and REGEXP_SUBSTR give NULL for an invalid pattern, while
 *   REGEXP_EXTRACT_ALL fails the job (FlinkRuntimeException around the PatternSyntaxException),
 *   as it does for a group index outside [0, groupCount] (IndexOutOfBoundsException);
 * - matches are found as java.util.regex.Matcher#find does: left to right, non-overlapping, an
 *   empty match advancing one character;
 * - positions are 1-based UTF-16 positions, like Java's String indices.
 * Patterns are Java regular expressions run as JavaScript ones (see javaRegex in strings.ts).
 */
import type { LogicalType } from "../../../types/model.ts";
import { strict } from "./define.ts";
import { javaRegex } from "./strings.ts";
import type { InternalValue, ScalarFunction } from "./types.ts";
import { SqlRuntimeError, T, arity, cannotApplyCall, isCharacter, isInteger } from "./types.ts";

function requireStringsAndIndex(name: string, ts: readonly LogicalType[], form: string): void {
  ts.forEach((t, i) => {
    const ok = t.type === "NULL" || (i < 2 ? isCharacter(t) : isInteger(t));
    if (!ok) throw cannotApplyCall(name, ts, form);
  });
}

/** Every match of `re` in `s`, as Matcher#find yields them. */
function* matches(re: RegExp, s: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(s);
    if (m === null) return;
    yield m;
    if (m[0].length === 0) re.lastIndex = m.index + 1;
  }
}

const globals = new Map<string, RegExp | null>();

/**
 * A global form of the pattern, cached. Sharing one RegExp is safe because evaluation is
 * synchronous and `matches` resets lastIndex before each use.
 */
function globalRegex(pattern: string): RegExp | null {
  let g = globals.get(pattern);
  if (g === undefined) {
    const r = javaRegex(pattern);
    g = r === null ? null : new RegExp(r.source, r.flags.includes("g") ? r.flags : r.flags + "g");
    if (globals.size > 500) globals.clear();
    globals.set(pattern, g);
  }
  return g;
}

const groupCounts = new Map<string, number>();

/** Number of capturing groups (Matcher#groupCount). */
function groupCount(r: RegExp): number {
  let n = groupCounts.get(r.source);
  if (n === undefined) {
    // An alternative that matches the empty string makes every group show up in the result.
    n = new RegExp(`${r.source}|`, r.flags.replace("g", "")).exec("")!.length - 1;
    if (groupCounts.size > 500) groupCounts.clear();
    groupCounts.set(r.source, n);
  }
  return n;
}

function patternSyntax(pattern: string): SqlRuntimeError {
  let detail = "invalid pattern";
  try {
    new RegExp(pattern, "u");
  } catch (e) {
    detail = (e as Error).message;
  }
  return new SqlRuntimeError(`java.util.regex.PatternSyntaxException: ${detail}\n${pattern}`, "org.apache.flink.util.FlinkRuntimeException");
}

/**
 * A function of (string, pattern) answered from the pattern's matches, NULL for an invalid
 * pattern (REGEXP_COUNT, REGEXP_INSTR, REGEXP_SUBSTR share everything but the answer).
 */
function overMatches(name: string, type: () => LogicalType, answer: (re: RegExp, s: string) => InternalValue): ScalarFunction {
  return strict({
    name,
    infer(ts) {
      arity(name, ts, 2);
      requireStringsAndIndex(name, ts, `'${name}(<STRING>, <STRING>)'`);
      return type();
    },
    alwaysNullable: true,
    make: () => (a) => {
      const r = globalRegex(a[1] as string);
      return r === null ? null : answer(r, a[0] as string);
    },
  });
}

export const regexpStringFunctions: ScalarFunction[] = [
  overMatches("REGEXP_COUNT", () => T.int(true), (r, str) => {
    let count = 0;
    for (const _m of matches(r, str)) count++;
    return count;
  }),
  strict({
    name: "REGEXP_EXTRACT_ALL",
    infer(ts) {
      arity("REGEXP_EXTRACT_ALL", ts, 2, 3);
      requireStringsAndIndex("REGEXP_EXTRACT_ALL", ts, "'REGEXP_EXTRACT_ALL(<STRING>, <STRING>)'\n'REGEXP_EXTRACT_ALL(<STRING>, <STRING>, <INTEGER>)'");
      return T.array(T.string(true), true);
    },
    alwaysNullable: true,
    make: () => (a) => {
      const pattern = a[1] as string;
      const r = globalRegex(pattern);
      if (r === null) throw patternSyntax(pattern);
      const index = a.length > 2 ? Number(a[2]) : 1;
      const groups = groupCount(r);
      if (index < 0 || index > groups) {
        throw new SqlRuntimeError(`Extract group index ${index} is out of range [0, ${groups}].`, "java.lang.IndexOutOfBoundsException");
      }
      const out: InternalValue[] = [];
      for (const m of matches(r, a[0] as string)) out.push(m[index] ?? null);
      return out;
    },
  }),
  overMatches("REGEXP_INSTR", () => T.int(true), (r, str) => {
    const first = matches(r, str).next();
    return first.done === true ? 0 : first.value.index + 1;
  }),
  overMatches("REGEXP_SUBSTR", () => T.string(true), (r, str) => {
    const first = matches(r, str).next();
    return first.done === true ? null : first.value[0];
  }),
];
