import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { readdirSync, statSync } from "node:fs";
const files=[]; (function walk(d){for(const f of readdirSync(d)){const p=d+"/"+f; statSync(p).isDirectory()?walk(p):p.endsWith(".ts")&&files.push(p)}})("src/client"); (function walk(d){for(const f of readdirSync(d)){const p=d+"/"+f; statSync(p).isDirectory()?walk(p):p.endsWith(".ts")&&files.push(p)}})("src/types"); files.push("src/errors.ts");
const out={};
for (const f of files){ const r=await build({entryPoints:[f],bundle:false,minify:true,format:"esm",write:false,logLevel:"silent"}); out[f]=r.outputFiles[0].text;}
const groups = JSON.parse(process.argv[2]);
for (const [name, pats] of Object.entries(groups)) {
  const sel = files.filter(f=>pats.some(p=>new RegExp(p).test(f)));
  const txt = sel.map(f=>out[f]).join("\n");
  console.log(name, txt.length, gzipSync(txt,{level:9}).length, sel.length);
}
