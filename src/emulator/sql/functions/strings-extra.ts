/**
 * More string functions from the Apache Flink docs ("String Functions"): STR_TO_MAP (default
 * delimiters ',' and '='; MAP<STRING, STRING>), SPLIT (ARRAY<STRING>), STARTSWITH, ENDSWITH,
 * IS_ALPHA, IS_DIGIT, IS_DECIMAL, PARSE_URL (HOST, PATH, QUERY [key], REF, PROTOCOL, FILE,
 * AUTHORITY, USERINFO; NULL when the URL or part is missing), URL_ENCODE / URL_DECODE (UTF-8,
 * form encoding like java.net.URLEncoder; NULL on malformed input).
 */
import { strict } from "./define.ts";
import type { InternalValue, ScalarFunction } from "./types.ts";
import { T, arity, cannotApplyCall, isCharacter } from "./types.ts";
import type { LogicalType } from "../../../types/model.ts";

function requireStrings(name: string, ts: readonly LogicalType[]): void {
  for (const t of ts) if (!isCharacter(t) && t.type !== "NULL") throw cannotApplyCall(name, ts, `'${name}(<STRING>, ...)'`);
}

function regexQuote(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function parseUrl(text: string, part: string, key: string | null): string | null {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return null;
  }
  const query = u.search.startsWith("?") ? u.search.slice(1) : null;
  switch (part) {
    case "HOST":
      return u.hostname === "" ? null : u.hostname;
    case "PATH":
      return u.pathname;
    case "QUERY": {
      if (query === null) return null;
      if (key === null) return query;
      for (const kv of query.split("&")) {
        const eq = kv.indexOf("=");
        if ((eq < 0 ? kv : kv.slice(0, eq)) === key) return eq < 0 ? "" : kv.slice(eq + 1);
      }
      return null;
    }
    case "REF":
      return u.hash.startsWith("#") ? u.hash.slice(1) : null;
    case "PROTOCOL":
      return u.protocol.replace(/:$/, "");
    case "FILE":
      return u.pathname + (query === null ? "" : "?" + query);
    case "AUTHORITY":
      return u.host === "" ? null : (u.username ? u.username + (u.password ? ":" + u.password : "") + "@" : "") + u.host;
    case "USERINFO":
      return u.username ? u.username + (u.password ? ":" + u.password : "") : null;
    default:
      return null;
  }
}

export const moreStringFunctions: ScalarFunction[] = [
  strict({
    name: "STR_TO_MAP",
    infer(ts) {
      arity("STR_TO_MAP", ts, 1, 3);
      requireStrings("STR_TO_MAP", ts);
      return T.map(T.string(), T.string(), false);
    },
    make: () => (a) => {
      const list = a.length > 1 ? (a[1] as string) : ",";
      const kv = a.length > 2 ? (a[2] as string) : "=";
      const out = new Map<InternalValue, InternalValue>();
      const text = a[0] as string;
      if (text === "") return out;
      // Flink splits with the delimiters as regular expressions.
      let listRe: RegExp;
      let kvRe: RegExp;
      try {
        listRe = new RegExp(list);
        kvRe = new RegExp(kv);
      } catch {
        listRe = new RegExp(regexQuote(list));
        kvRe = new RegExp(regexQuote(kv));
      }
      for (const entry of text.split(listRe)) {
        const m = kvRe.exec(entry);
        if (m === null) out.set(entry, null);
        else out.set(entry.slice(0, m.index), entry.slice(m.index + m[0].length));
      }
      return out;
    },
  }),
  strict({
    name: "SPLIT",
    infer(ts) {
      arity("SPLIT", ts, 2);
      requireStrings("SPLIT", ts);
      return T.array(T.string(), false);
    },
    make: () => (a) => {
      const s = a[0] as string;
      const d = a[1] as string;
      if (d === "") return Array.from(s);
      return s.split(d);
    },
  }),
  ...(["STARTSWITH", "ENDSWITH"] as const).map((name) =>
    strict({
      name,
      infer(ts) {
        arity(name, ts, 2);
        requireStrings(name, ts);
        return T.boolean(false);
      },
      make: () => (a) => (name === "STARTSWITH" ? (a[0] as string).startsWith(a[1] as string) : (a[0] as string).endsWith(a[1] as string)),
    }),
  ),
  ...(
    [
      ["IS_ALPHA", /^\p{L}+$/u],
      ["IS_DIGIT", /^\d+$/],
      ["IS_DECIMAL", /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/],
    ] as const
  ).map(([name, re]) =>
    strict({
      name,
      infer(ts) {
        arity(name, ts, 1);
        requireStrings(name, ts);
        return T.boolean(false);
      },
      make: () => (a) => re.test(a[0] as string),
    }),
  ),
  strict({
    name: "PARSE_URL",
    infer(ts) {
      arity("PARSE_URL", ts, 2, 3);
      requireStrings("PARSE_URL", ts);
      return T.string(true);
    },
    alwaysNullable: true,
    make: () => (a) => parseUrl(a[0] as string, String(a[1]).toUpperCase(), a.length > 2 ? (a[2] as string) : null),
  }),
  strict({
    name: "URL_ENCODE",
    infer(ts) {
      arity("URL_ENCODE", ts, 1);
      requireStrings("URL_ENCODE", ts);
      return T.string(true);
    },
    alwaysNullable: true,
    // java.net.URLEncoder: space as '+', and '*' kept, '~' encoded.
    make: () => (a) => encodeURIComponent(a[0] as string).replace(/%20/g, "+").replace(/[!'()~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase()),
  }),
  strict({
    name: "URL_DECODE",
    infer(ts) {
      arity("URL_DECODE", ts, 1);
      requireStrings("URL_DECODE", ts);
      return T.string(true);
    },
    alwaysNullable: true,
    make: () => (a) => {
      try {
        return decodeURIComponent((a[0] as string).replace(/\+/g, " "));
      } catch {
        return null;
      }
    },
  }),
];
