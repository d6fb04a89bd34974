/**
 * The read-only `examples` catalog (database `marketplace`) whose tables (orders, clicks,
 * customers, products) are filled by the examples module's seeded generator as the emulator's
 * clock advances: lazily up to `now` whenever a statement reads them, and on the running
 * statements' clock ticks. Tables start with ten minutes of history so a first snapshot query
 * already returns rows. customers and products have a primary key (upsert tables, as
 * Confluent's example tables with keys are read).
 */
import type { EngineContext } from "../engine.ts";
import { TableLog } from "./catalog.ts";
import type { Catalogs, TableDef } from "./catalog.ts";
import { exampleTables, rowsBetween } from "./examples/marketplace.ts";
import { withNullable } from "./planner/types.ts";

const HISTORY_MS = 10 * 60 * 1000;

export function installExamples(catalogs: Catalogs, ctx: EngineContext): void {
  const cat = catalogs.addCatalog("examples", "examples", [{ id: "marketplace", name: "marketplace" }], true);
  const db = cat.databases[0]!;
  const createdAt = ctx.clock.now();
  for (const def of exampleTables) {
    const log = new TableLog();
    let filledTo = createdAt - HISTORY_MS;
    const rowtimeAt = def.columns.findIndex((c) => c.name === "$rowtime");
    const physical = def.columns.filter((c) => c.name !== "$rowtime");
    log.refresh = () => {
      const now = ctx.clock.now() + 1; // rows stamped up to and including now
      if (now <= filledTo) return;
      const rows = rowsBetween(def.name, filledTo, now, ctx.seed);
      filledTo = now;
      log.append(
        rows.map((r) => {
          const ts = r[rowtimeAt] as { epochMillis: number };
          return { op: 0 as const, row: r.filter((_, i) => i !== rowtimeAt), rowtime: ts.epochMillis };
        }),
      );
    };
    const pk = def.primaryKey ? [...def.primaryKey] : null;
    const table: TableDef = {
      kind: "table",
      catalog: cat,
      database: db,
      name: def.name,
      columns: physical.map((c) => ({
        name: c.name,
        type: pk?.includes(c.name) ? withNullable(c.type, false) : c.type,
        kind: "physical" as const,
      })),
      primaryKey: pk ? { name: null, columns: pk } : null,
      watermark: null,
      distribution: null,
      options: {},
      comment: null,
      log,
      readOnly: true,
      createdAt,
    };
    db.objects.set(def.name, table);
  }
}
