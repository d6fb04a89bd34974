/**
 * The error codes the library can raise, read from its source (src/errors.ts, src/client,
 * src/types, src/control-plane) with the TypeScript parser, so docs/errors.md can be checked for completeness:
 *
 * - `new SomeError("CODE", ...)` (any class whose name ends in Error, Warning or Failure), or a
 *   `code: "CODE"` property in its arguments (`new ProtocolError(message, { code })`);
 * - `super("CODE", ...)` or `super(x ?? "CODE", ...)` in an error class (TimeoutError -> TIMEOUT);
 * - calls of a local helper whose parameter named `code` is passed on to an error constructor
 *   (config.ts `fail(code, message)`, temporal.ts `parseDateParts(text, what, code)`).
 *
 * Each code comes with the class that carries it. decode.ts's internal `DecodeFailure` is turned
 * into a DataError before it leaves the module, so it is reported as DataError.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { ROOT } from "./support.ts";

const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const ERROR_CLASS = /(?:Error|Warning|Failure)$/;
/** Internal carriers and the public class they become. */
const CARRIERS: Record<string, string> = { DecodeFailure: "DataError" };

function sources(): string[] {
  const out: string[] = [join(ROOT, "src/errors.ts")];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts")) out.push(path);
    }
  };
  walk(join(ROOT, "src/client"));
  walk(join(ROOT, "src/types"));
  walk(join(ROOT, "src/control-plane"));
  return out;
}

export interface RaisedCode {
  readonly code: string;
  /** Public class names that carry it. */
  readonly classes: ReadonlySet<string>;
  /** Where it is raised, `file:line`. */
  readonly at: readonly string[];
}

/** A code literal: `"CODE"`, or the fallback of `x ?? "CODE"`. */
function codeLiteral(e: ts.Expression | undefined): string | undefined {
  if (e === undefined) return undefined;
  if (ts.isStringLiteral(e) && CODE.test(e.text)) return e.text;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return codeLiteral(e.right);
  return undefined;
}

/** `code: "CODE"` in an object literal argument. */
function codeProperty(e: ts.Expression): string | undefined {
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  for (const p of e.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "code") return codeLiteral(p.initializer);
  }
  return undefined;
}

function calleeName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** Every code raised in the library, with its classes. */
export function raisedCodes(): Map<string, RaisedCode> {
  const found = new Map<string, { classes: Set<string>; at: string[] }>();
  const add = (code: string, cls: string, sf: ts.SourceFile, node: ts.Node) => {
    const entry = found.get(code) ?? { classes: new Set<string>(), at: [] };
    entry.classes.add(CARRIERS[cls] ?? cls);
    entry.at.push(`${relative(ROOT, sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`);
    found.set(code, entry);
  };
  for (const file of sources()) {
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    // Local helpers taking a `code` parameter that reaches `new XError(..code..)`: name -> [param index, class].
    const helpers = new Map<string, [number, string]>();
    const findHelpers = (node: ts.Node): void => {
      if ((ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.body) {
        const index = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === "code");
        const name = ts.isFunctionDeclaration(node) ? node.name?.text : ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) ? node.parent.name.text : undefined;
        if (index >= 0 && name !== undefined) {
          let cls: string | undefined;
          const visit = (n: ts.Node): void => {
            if (ts.isNewExpression(n) && n.arguments?.some((a) => ts.isIdentifier(a) && a.text === "code")) cls ??= calleeName(n.expression);
            if (ts.isCallExpression(n) && n.arguments.some((a) => ts.isIdentifier(a) && a.text === "code")) cls ??= helpers.get(calleeName(n.expression) ?? "")?.[1];
            ts.forEachChild(n, visit);
          };
          visit(node.body);
          if (cls !== undefined && ERROR_CLASS.test(cls)) helpers.set(name, [index, cls]);
        }
      }
      ts.forEachChild(node, findHelpers);
    };
    findHelpers(sf);
    const visit = (node: ts.Node, currentClass: string | undefined): void => {
      if (ts.isClassDeclaration(node) && node.name) currentClass = node.name.text;
      if (ts.isNewExpression(node)) {
        const cls = calleeName(node.expression);
        if (cls !== undefined && ERROR_CLASS.test(cls)) {
          for (const arg of node.arguments ?? []) {
            const code = (ts.isStringLiteral(arg) ? codeLiteral(arg) : undefined) ?? codeProperty(arg);
            if (code !== undefined) add(code, cls, sf, node);
          }
        }
      }
      if (ts.isCallExpression(node)) {
        if (node.expression.kind === ts.SyntaxKind.SuperKeyword && currentClass !== undefined) {
          const code = codeLiteral(node.arguments[0]);
          if (code !== undefined) add(code, currentClass, sf, node);
        } else {
          const helper = helpers.get(calleeName(node.expression) ?? "");
          const arg = helper ? node.arguments[helper[0]] : undefined;
          if (helper && arg && ts.isStringLiteral(arg) && CODE.test(arg.text)) add(arg.text, helper[1], sf, node);
        }
      }
      ts.forEachChild(node, (child) => visit(child, currentClass));
    };
    visit(sf, undefined);
  }
  return new Map([...found].map(([code, e]) => [code, { code, classes: e.classes, at: e.at }]));
}
