import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const stubs = process.argv.slice(2).map(s=>new RegExp(s));
const plugin = { name: "stub", setup(b) {
  b.onLoad({ filter: /src\/.*\.ts$/ }, (a) => stubs.some(r=>r.test(a.path)) ? { contents: "export const __stub = new Proxy({}, {}); export default {};", loader: "js" } : undefined);
}};
const r = await build({ entryPoints: ["src/index.ts"], bundle: true, minify: true, format: "esm", platform: "neutral", mainFields:["module","main"], conditions:["workerd","browser"], write: false, outfile: "x.mjs", plugins:[plugin], logLevel: "silent" }).catch(e=>{console.log(e.errors.slice(0,3).map(x=>x.text)); process.exit(1)});
console.log(r.outputFiles[0].contents.length, gzipSync(r.outputFiles[0].contents,{level:9}).length);
