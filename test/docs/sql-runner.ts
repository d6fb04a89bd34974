/**
 * Runs the `sql` blocks of the docs (bundled by the doc test against the built package): each
 * block on a fresh emulator, its statements one by one as snapshot statements, printing every
 * result row as JSON and, for a failing statement, `error: <message>`. Markers bracket each
 * block's output like the code-block runner's.
 *
 *   node sql-runner.mjs <blocks.json>     blocks: [{ name, statements: string[], fails: boolean }]
 */
import { readFileSync } from "node:fs";
import { connect, jsonReplacer } from "confluent-sql";
import { createEmulator } from "confluent-sql/emulator";

interface SqlBlock {
  name: string;
  statements: string[];
  fails: boolean;
}

const blocks = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as SqlBlock[];
for (const block of blocks) {
  console.log(`@@doc-block-start ${block.name}`);
  const emu = createEmulator();
  const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
  let verdict = "ok";
  for (const [i, sql] of block.statements.entries()) {
    const last = i === block.statements.length - 1;
    try {
      const { rows } = await conn.query(sql, undefined, { asDict: false });
      for (const row of rows) console.log(JSON.stringify(row, jsonReplacer));
      if (last && block.fails) verdict = `error ${JSON.stringify(`the last statement was expected to fail but succeeded: ${sql}`)}`;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      console.log(`error: ${message.split("\n")[0]}`);
      if (!(last && block.fails)) {
        verdict = `error ${JSON.stringify(`statement ${i + 1} failed: ${message}`)}`;
        break;
      }
    }
  }
  await conn.close();
  await emu.close();
  console.log(`@@doc-block-end ${block.name} ${verdict}`);
}
