/**
 * confluent-sql: the public client API (re-exports only).
 */
export type { LogicalType, Column } from "./types/model.ts";
