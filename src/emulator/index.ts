/**
 * confluent-sql/emulator: a local Flink SQL gateway speaking the sql/v1 wire protocol.
 */
export { ManualClock, SystemClock, type Clock } from "./clock.ts";
