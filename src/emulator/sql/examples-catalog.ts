/**
 * The read-only `examples` catalog (database `marketplace`) whose tables (orders, clicks,
 * customers, products) are filled by the examples module's seeded generator as the emulator's
 * clock advances: lazily up to `now` whenever a statement reads them, and on the running
 * statements' clock ticks. Tables start with ten minutes of history so a first snapshot query
 * already returns rows. customers and products have a primary key (upsert tables, as
 * Confluent's example tables with keys are read). Logs keep a bounded window (EXAMPLE_RETENTION_MS).
 */
import type { EngineContext } from "../engine.ts";
import { TableLog } from "./catalog.ts";
import type { Catalogs, TableDef } from "./catalog.ts";
import { exampleTables, rowsBetween } from "./examples/marketplace.ts";
import { withNullable } from "./planner/types.ts";

const HISTORY_MS = 10 * 60 * 1000;

/**
 * Retention of the generated logs: rows older than this (by `$rowtime`) are dropped, like
 * records past a Kafka topic's retention, so memory stays bounded (about 2.5 orders, 5 clicks
 * and 1 row each of customers/products per second: ~30,000 rows at most) however long the
 * emulator runs. After a long time without reads only the retained window is generated, never
 * the rows in between.
 */
export const EXAMPLE_RETENTION_MS = 60 * 60 * 1000;

/** Rows are generated at most this much time at a time, so one refresh never builds a huge batch. */
const REFRESH_CHUNK_MS = 60 * 1000;

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
      const horizon = now - EXAMPLE_RETENTION_MS;
      // Rows that would be past retention at once are never generated.
      if (filledTo < horizon) filledTo = horizon;
      while (filledTo < now) {
        const to = Math.min(now, filledTo + REFRESH_CHUNK_MS);
        const rows = rowsBetween(def.name, filledTo, to, ctx.seed);
        filledTo = to;
        log.append(
          rows.map((r) => {
            const ts = r[rowtimeAt] as { epochMillis: number };
            return { op: 0 as const, row: r.filter((_, i) => i !== rowtimeAt), rowtime: ts.epochMillis };
          }),
        );
      }
      log.dropBefore(horizon);
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
