// Runs in Node, Bun and Deno against the built emulator bundle (path in argv or
// EMULATOR_BUNDLE): in-process fetch, the HTTP listener on 127.0.0.1, a dropped connection.
// Prints one line `RESULT {...}` for the test to check.
const bundle = globalThis.Deno ? Deno.args[0] : (globalThis.Bun ? Bun.argv : process.argv)[2];
const { createEmulator } = await import(new URL(bundle, "file://").href);

const columns = [{ name: "v", type: { type: "INTEGER", nullable: false } }];
const engine = () => ({
  compile(req) {
    return {
      traits: { sqlKind: "SELECT", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: columns },
      start(sink) {
        sink.emit([{ op: 0, row: ["1"] }, { op: 0, row: ["2"] }]);
        sink.complete();
        return { stop() {}, resume() {}, dispose() {} };
      },
    };
  },
});

const out = { runtime: globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node" };
const emu = createEmulator({ engine, faults: [{ route: "statements.get", sequence: [null, { kind: "drop" }, { kind: "drop" }, { kind: "drop" }] }] });
const o = emu.connectOptions;
const auth = { Authorization: `Basic ${btoa(`${o.flinkApiKey}:${o.flinkApiSecret}`)}`, "Content-Type": "application/json" };
const path = `/sql/v1/organizations/${o.organizationId}/environments/${o.environmentId}/statements`;

const created = await emu.fetch(`${o.endpoint}${path}`, { method: "POST", headers: auth, body: JSON.stringify({ name: "q1", spec: { statement: "SELECT 1" } }) });
out.inProcessCreate = created.status;
const results = await (await emu.fetch(`${o.endpoint}${path}/q1/results`, { headers: auth })).json();
out.inProcessRows = results.results.data.map((r) => r.row[0]);

const server = await emu.listen({ port: 0 });
out.url = server.url;
const got = await fetch(`${server.url}${path}/q1`, { headers: auth });
out.httpGet = got.status;
out.httpRequestId = /^[0-9a-f]{32}$/.test(got.headers.get("x-request-id") ?? "");
out.httpSelf = (await got.json()).metadata.self;
try {
  await fetch(`${server.url}${path}/q1`, { headers: auth });
  out.drop = "answered";
} catch (e) {
  out.drop = e instanceof TypeError ? "TypeError" : String(e);
}
const list = await fetch(`${server.url}${path}`, { headers: auth });
out.httpList = (await list.json()).data.map((s) => s.name);
await server.close();
await emu.close();
console.log(`RESULT ${JSON.stringify(out)}`);
