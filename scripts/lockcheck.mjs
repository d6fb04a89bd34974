// Lockfile gap checker: this registry lacks some platform packages of newer deno/workerd
// versions, and `npm install` then writes a lockfile that `npm ci` rejects. Every optional
// dependency named in package-lock.json must have an entry (of the pinned version) somewhere
// up its node_modules chain. Exit 1 and list the gaps otherwise.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "package-lock.json";
const packages = JSON.parse(readFileSync(file, "utf8")).packages;
const exactVersion = /^\d+\.\d+\.\d+(-[\w.]+)?$/;
const missing = [];
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    let base = path;
    let found = false;
    for (;;) {
      const candidate = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
      if (candidate in packages) {
        found = !exactVersion.test(spec) || packages[candidate].version === spec;
        break;
      }
      if (!base) break;
      const i = base.lastIndexOf("/node_modules/");
      base = i >= 0 ? base.slice(0, i) : "";
    }
    if (!found) missing.push(`${path || "<root>"} ${dep} ${spec}`);
  }
}
for (const m of missing) console.log("MISSING", m);
console.log(`${missing.length} missing optional entries`);
process.exit(missing.length ? 1 : 0);
