/**
 * Type-checking doc blocks against the PUBLISHED declarations (dist/types), the way a user's
 * editor sees the package: `confluent-sql`, `confluent-sql/emulator` and `confluent-sql/control-plane` resolve to the .d.ts
 * files the exports map names, strict mode, Node types for `process.env`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { ROOT } from "./support.ts";

/** Diagnostics per input name (empty array: clean). */
export function typecheck(inputs: ReadonlyArray<{ name: string; code: string }>, dir: string): Map<string, string[]> {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, string>();
  for (const input of inputs) {
    const path = join(dir, `${input.name}.ts`);
    writeFileSync(path, input.code);
    files.set(path, input.name);
  }
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts", "lib.esnext.disposable.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts", "lib.dom.asynciterable.d.ts"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    isolatedModules: true,
    types: ["node"],
    typeRoots: [join(ROOT, "node_modules/@types")],
    baseUrl: dir,
    paths: {
      "confluent-sql": [join(ROOT, "dist/types/index.d.ts")],
      "confluent-sql/emulator": [join(ROOT, "dist/types/emulator/index.d.ts")],
      "confluent-sql/control-plane": [join(ROOT, "dist/types/control-plane/index.d.ts")],
    },
  };
  const program = ts.createProgram([...files.keys()], options);
  const out = new Map<string, string[]>(inputs.map((i) => [i.name, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = d.file ? files.get(d.file.fileName) : undefined;
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (name === undefined) {
      // A problem outside the blocks (the declarations themselves): report it on every block.
      for (const list of out.values()) list.push(`(global) ${text}`);
      continue;
    }
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    out.get(name)!.push(`${pos ? `line ${pos.line + 1}: ` : ""}${text}`);
  }
  return out;
}
