#!/usr/bin/env node
// The API reference (docs/api.md), generated from the TSDoc of the public surface: every export
// of `confluent-sql` (src/index.ts), `confluent-sql/emulator` (src/emulator/index.ts) and
// `confluent-sql/control-plane` (src/control-plane/index.ts), read
// with the TypeScript compiler API. Per symbol: its kind, signature(s), summary, @example and
// failure behaviour (@throws, or a sentence saying how it fails); classes and interfaces with
// their public members.
//
//   node scripts/api-docs.mjs           writes docs/api.md           (npm run docs:api)
//   node scripts/api-docs.mjs --check   exits 1 when docs/api.md is stale
//   node scripts/api-docs.mjs --gaps    lists functions, classes and methods whose TSDoc lacks a
//                                       summary, an example or failure behaviour
//
// The module also exports the pieces (collectApi, renderApi, findGaps) for the doc tests.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const API_MD = join(ROOT, "docs/api.md");
export const ENTRIES = [
  { module: "confluent-sql", file: "src/index.ts" },
  { module: "confluent-sql/emulator", file: "src/emulator/index.ts" },
  { module: "confluent-sql/control-plane", file: "src/control-plane/index.ts" },
];

const FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;
const TYPE_FORMAT = FORMAT | ts.TypeFormatFlags.WriteArrowStyleSignature;
// A sentence that states failure behaviour without a @throws tag.
// Whitespace may be a line break: the sentence is wrapped like any other.
const FAILURE_TEXT = /\b(never\s+throws|does\s+not\s+throw|nothing\s+here\s+throws|failure\s+behaviou?r|throws?\s+(an?\s+|the\s+)?\w*Error|rejects\s+with)\b/i;

function program() {
  const configPath = join(ROOT, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return ts.createProgram(
    ENTRIES.map((e) => join(ROOT, e.file)),
    { ...parsed.options, noEmit: true },
  );
}

/** Doc text with `{@link X}` / `{@link X | label}` written as code. */
const text = (parts) =>
  ts
    .displayPartsToString(parts ?? [])
    .replace(/\{@link(?:code|plain)?\s+([^}|\s]+)\s*(?:\|\s*([^}]*?))?\s*\}/g, (_, target, label) => `\`${(label || target).trim()}\``)
    .trim();

function docsOf(symbol, checker) {
  const tags = symbol.getJsDocTags(checker);
  const tagTexts = (name) => tags.filter((t) => t.name === name).map((t) => text(t.text));
  return {
    summary: text(symbol.getDocumentationComment(checker)),
    examples: tagTexts("example"),
    throws: tagTexts("throws"),
    returns: tagTexts("returns"),
    internal: tags.some((t) => t.name === "internal"),
    deprecated: tagTexts("deprecated"),
  };
}

const NO_DOCS = { summary: "", examples: [], throws: [], returns: [], internal: false, deprecated: [] };

/**
 * Whether the only TSDoc before `decl` is its file's module comment: TypeScript attaches the
 * comment at the top of a file to the first statement, so an undocumented first export would
 * be shown with the module's description (and pass the gap finder). A comment separated from
 * the statement by a blank line is the module's, not the symbol's.
 */
function hasOnlyModuleComment(decl) {
  const statement = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  const sf = decl.getSourceFile();
  if (sf.statements[0] !== statement) return false;
  const own = statement.jsDoc?.at(-1);
  if (own === undefined) return false;
  return /\n[ \t]*\r?\n/.test(sf.text.slice(own.end, statement.getStart(sf)));
}

function kindOf(decl) {
  if (ts.isFunctionDeclaration(decl)) return "function";
  if (ts.isClassDeclaration(decl)) return "class";
  if (ts.isInterfaceDeclaration(decl)) return "interface";
  if (ts.isTypeAliasDeclaration(decl)) return "type";
  if (ts.isEnumDeclaration(decl)) return "enum";
  if (ts.isVariableDeclaration(decl)) return "const";
  return ts.SyntaxKind[decl.kind];
}

/** The member's name as written: `cursor`, `[Symbol.asyncIterator]`. */
function memberName(decl, symbol) {
  const n = decl?.name;
  if (n && ts.isComputedPropertyName(n)) return `[${n.expression.getText()}]`;
  return symbol.getName();
}

function isPublicMember(decl) {
  if (decl.name && ts.isPrivateIdentifier(decl.name)) return false;
  const mods = ts.getCombinedModifierFlags(decl);
  return !(mods & ts.ModifierFlags.Private) && !(mods & ts.ModifierFlags.Protected);
}

function signatures(checker, type, decl, name) {
  return checker.getSignaturesOfType(type, ts.SignatureKind.Call).map((s) => `${name}${checker.signatureToString(s, decl, FORMAT)}`);
}

function membersOf(checker, symbol, classLike) {
  const out = [];
  const decl = symbol.declarations[0];
  const add = (m, isStatic) => {
    const d = m.declarations?.[0];
    if (!d || !isPublicMember(d)) return;
    const docs = docsOf(m, checker);
    const name = memberName(d, m);
    // Private keys (`[INSPECT]`, a module-local symbol) are not API; well-known symbols are.
    if (docs.internal || name.startsWith("_") || (name.startsWith("[") && !name.startsWith("[Symbol."))) return;
    const type = checker.getTypeOfSymbolAtLocation(m, d);
    let kind;
    let sigs;
    if (ts.isMethodDeclaration(d) || ts.isMethodSignature(d)) {
      kind = "method";
      sigs = signatures(checker, type, d, name);
    } else if (ts.isGetAccessorDeclaration(d) || ts.isSetAccessorDeclaration(d)) {
      const readonly = !m.declarations.some((x) => ts.isSetAccessorDeclaration(x));
      kind = "property";
      sigs = [`${readonly ? "readonly " : ""}${name}: ${checker.typeToString(type, d, TYPE_FORMAT)}`];
    } else {
      const readonly = (ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Readonly) !== 0;
      const optional = (m.flags & ts.SymbolFlags.Optional) !== 0;
      const fn = checker.getSignaturesOfType(type, ts.SignatureKind.Call);
      if (classLike && fn.length > 0 && d.initializer !== undefined) {
        kind = "method"; // an arrow-function property such as `conn.sql`
        sigs = signatures(checker, type, d, name);
      } else {
        kind = "property";
        sigs = [`${readonly ? "readonly " : ""}${name}${optional ? "?" : ""}: ${checker.typeToString(type, d, TYPE_FORMAT)}`];
      }
    }
    out.push({ name, kind: isStatic ? `static ${kind}` : kind, signatures: sigs.map((s) => (isStatic ? `static ${s}` : s)), ...docs });
  };
  if (classLike) {
    const ctorType = checker.getTypeOfSymbolAtLocation(symbol, decl);
    for (const m of checker.getPropertiesOfType(ctorType)) {
      if (m.getName() === "prototype") continue;
      if (m.declarations?.[0]?.parent === decl) add(m, true);
    }
  }
  const instance = checker.getDeclaredTypeOfSymbol(symbol);
  for (const m of checker.getPropertiesOfType(instance)) {
    // Own members only; inherited ones are documented on the base class.
    if (m.declarations?.some((d) => d.parent === decl)) add(m, false);
  }
  return out;
}

function constructorOf(checker, symbol) {
  const decl = symbol.declarations[0];
  const ctor = decl.members.find((m) => ts.isConstructorDeclaration(m));
  const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
  const sigs = checker.getSignaturesOfType(type, ts.SignatureKind.Construct);
  if (ctor === undefined) return sigs.length > 0 && decl.heritageClauses ? null : { signatures: [`new ${symbol.getName()}()`], internal: false, summary: "", examples: [], throws: [] };
  const ctorSymbol = ctor.symbol ?? checker.getSymbolAtLocation(ctor);
  const docs = ctorSymbol ? docsOf(ctorSymbol, checker) : { summary: "", examples: [], throws: [], internal: false };
  const mods = ts.getCombinedModifierFlags(ctor);
  if (mods & ts.ModifierFlags.Private || mods & ts.ModifierFlags.Protected) docs.internal = true;
  return { signatures: sigs.map((s) => `new ${symbol.getName()}${checker.signatureToString(s, decl, FORMAT).replace(/: [^:]+$/, "")}`), ...docs };
}

function typeParams(decl) {
  return decl.typeParameters ? `<${decl.typeParameters.map((p) => p.getText()).join(", ")}>` : "";
}

/** Every member name, inherited and static ones included (`[Symbol.asyncIterator]` for symbols). */
function allMemberNames(checker, symbol, classLike) {
  const names = new Set();
  const decl = symbol.declarations[0];
  const types = [checker.getDeclaredTypeOfSymbol(symbol)];
  if (classLike) types.push(checker.getTypeOfSymbolAtLocation(symbol, decl));
  for (const type of types) {
    for (const m of checker.getPropertiesOfType(type)) {
      const d = m.declarations?.[0];
      if (d && !isPublicMember(d)) continue;
      const name = m.getName();
      const symbolKey = /^__@(\w+)@\d+$/.exec(name);
      names.add(symbolKey ? `[Symbol.${symbolKey[1]}]` : name);
    }
  }
  names.delete("prototype");
  return [...names].sort();
}

function heritage(decl) {
  const clause = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  return clause ? clause.types.map((t) => t.getText()) : [];
}

/** The public surface: per entry, its exported symbols in source order with docs and members. */
export function collectApi() {
  const prog = program();
  const checker = prog.getTypeChecker();
  return ENTRIES.map((entry) => {
    const sf = prog.getSourceFile(join(ROOT, entry.file));
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    const symbols = [];
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decl = symbol.declarations?.[0];
      if (!decl) continue;
      const kind = kindOf(decl);
      const name = exported.getName();
      const docs = hasOnlyModuleComment(decl) ? NO_DOCS : docsOf(symbol, checker);
      const item = { name, kind, source: `${decl.getSourceFile().fileName.slice(ROOT.length + 1)}`, ...docs, signatures: [], members: [], allMembers: [], extends: [] };
      if (kind === "function") {
        item.signatures = signatures(checker, checker.getTypeOfSymbolAtLocation(symbol, decl), decl, `function ${name}`);
      } else if (kind === "class") {
        item.extends = heritage(decl);
        item.constructor_ = constructorOf(checker, symbol);
        item.signatures = [`class ${name}${typeParams(decl)}${item.extends.length ? ` extends ${item.extends.join(", ")}` : ""}`];
        item.members = membersOf(checker, symbol, true);
        item.allMembers = allMemberNames(checker, symbol, true);
      } else if (kind === "interface") {
        item.extends = heritage(decl);
        item.signatures = [`interface ${name}${typeParams(decl)}${item.extends.length ? ` extends ${item.extends.join(", ")}` : ""}`];
        item.members = membersOf(checker, symbol, false);
        item.allMembers = allMemberNames(checker, symbol, false);
      } else if (kind === "type") {
        item.signatures = [decl.getText().replace(/^export\s+/, "").replace(/\s+/g, " ")];
      } else if (kind === "const") {
        item.signatures = [`const ${name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, decl), decl, TYPE_FORMAT)}`];
      }
      symbols.push(item);
    }
    return { module: entry.module, file: entry.file, symbols };
  });
}

const fence = (code) => `\`\`\`ts\n${code}\n\`\`\``;

function renderExample(example) {
  const trimmed = example.trim();
  return trimmed.includes("```") ? trimmed : fence(trimmed);
}

function renderDocs(item, depth) {
  const out = [];
  if (item.deprecated?.length) out.push(`**Deprecated.** ${item.deprecated.join(" ")}`);
  if (item.summary) out.push(item.summary);
  for (const r of item.returns ?? []) out.push(`**Returns:** ${r}`);
  if (item.throws.length > 0) out.push(item.throws.map((t) => `**Throws:** ${t}`).join("\n\n"));
  for (const e of item.examples) out.push(`${"#".repeat(depth)} Example\n\n${renderExample(e)}`.replace(/^#+ Example/, "*Example:*"));
  return out;
}

const anchor = (module, name) => `${module.replace(/[^a-z]/g, "-")}-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

/** docs/api.md from the collected API. */
export function renderApi(api) {
  const out = [
    "# API reference",
    "",
    "Generated by `npm run docs:api` (`scripts/api-docs.mjs`) from the TSDoc of the public surface: the",
    "exports of `confluent-sql` (`src/index.ts`), `confluent-sql/emulator` (`src/emulator/index.ts`) and",
    "`confluent-sql/control-plane` (`src/control-plane/index.ts`).",
    "Do not edit by hand: `test/docs/api.test.ts` fails when this file is stale. The guides in this",
    "folder explain how the pieces fit together; their examples run in CI.",
    "",
  ];
  for (const entry of api) {
    out.push(`- [\`${entry.module}\`](#${entry.module.replace(/[^a-z]/g, "")})`);
  }
  for (const entry of api) {
    out.push("", `## ${entry.module}`, "", `<a id="${entry.module.replace(/[^a-z]/g, "")}"></a>`, "");
    out.push(`\`import { ... } from "${entry.module}"\`: ${entry.symbols.length} exports.`, "");
    out.push("| Export | Kind | Summary |", "|---|---|---|");
    for (const s of entry.symbols) {
      const first = (/^[\s\S]*?[.!?](?=\s+[A-Z`(]|\s*$)/.exec(s.summary.split("\n\n")[0] ?? "")?.[0] ?? s.summary.split("\n\n")[0] ?? "").replace(/\n/g, " ").replace(/\|/g, "\\|");
      out.push(`| [\`${s.name}\`](#${anchor(entry.module, s.name)}) | ${s.kind} | ${first} |`);
    }
    for (const s of entry.symbols) {
      out.push("", `<a id="${anchor(entry.module, s.name)}"></a>`, "", `### ${s.name}`, "", `*${s.kind}*, \`${s.source}\``, "");
      out.push(fence(s.signatures.join("\n")), "");
      out.push(...renderDocs(s, 4).flatMap((p) => [p, ""]));
      if (s.kind === "class" && s.constructor_ && !s.constructor_.internal) {
        out.push("#### Constructor", "", fence(s.constructor_.signatures.join("\n")), "");
        out.push(...renderDocs(s.constructor_, 5).flatMap((p) => [p, ""]));
      }
      if (s.members.length > 0) {
        out.push(`#### ${s.kind === "class" ? "Members" : "Properties"}`, "");
        for (const m of s.members) {
          out.push(`##### ${s.name}.${m.name}`, "", `*${m.kind}*`, "", fence(m.signatures.join("\n")), "");
          out.push(...renderDocs(m, 6).flatMap((p) => [p, ""]));
        }
      }
    }
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

/**
 * Functions, classes and methods whose TSDoc lacks a summary, an example or failure behaviour
 * (a @throws tag, or a sentence such as "never throws"); interfaces and types without a
 * summary. Constants and properties are not checked: many are self-explanatory (`name`,
 * `signal`), and a comment that only repeats the name would be noise.
 */
export function findGaps(api) {
  const gaps = [];
  const statesFailure = (d) => d.throws.length > 0 || FAILURE_TEXT.test(`${d.summary} ${d.returns?.join(" ") ?? ""}`);
  // `also`: docs that may carry the failure behaviour instead (a class's constructor).
  const check = (where, item, needsFailure, also) => {
    const missing = [];
    if (!item.summary) missing.push("summary");
    if (item.examples.length === 0) missing.push("example");
    if (needsFailure && !statesFailure(item) && !(also !== undefined && statesFailure(also))) missing.push("failure behaviour");
    if (missing.length > 0) gaps.push({ where, missing });
  };
  for (const entry of api) {
    for (const s of entry.symbols) {
      const where = `${entry.module}: ${s.name}`;
      if (s.kind === "function") check(where, s, true);
      if ((s.kind === "interface" || s.kind === "type") && !s.summary) gaps.push({ where, missing: ["summary"] });
      if (s.kind === "class") {
        const ctor = s.constructor_ ?? undefined;
        // A constructor without parameters has nothing to reject.
        const takesArguments = ctor !== undefined && !ctor.internal && ctor.signatures.some((x) => x.includes("(") && !x.endsWith("()"));
        check(where, s, takesArguments, ctor);
        for (const m of s.members) if (m.kind.endsWith("method")) check(`${where}.${m.name}`, m, true);
      }
    }
  }
  return gaps;
}

export function generateApiMarkdown() {
  return renderApi(collectApi());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes("--gaps")) {
    for (const g of findGaps(collectApi())) console.log(`${g.where}: no ${g.missing.join(", no ")}`);
  } else if (args.includes("--check")) {
    const fresh = generateApiMarkdown();
    let current = "";
    try {
      current = readFileSync(API_MD, "utf8");
    } catch {
      // missing counts as stale
    }
    if (current !== fresh) {
      console.error("docs/api.md is stale: run `npm run docs:api`");
      process.exit(1);
    }
  } else {
    writeFileSync(API_MD, generateApiMarkdown());
    console.log(`wrote ${API_MD.slice(ROOT.length + 1)}`);
  }
}
