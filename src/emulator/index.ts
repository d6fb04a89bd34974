/**
 * confluent-sql/emulator: a local Flink SQL gateway speaking the sql/v1 wire protocol.
 * Owns: the public entry of the emulator. Must not import the client (src/client).
 */
export { ManualClock, SystemClock, type Clock } from "./clock.ts";
export { createEmulator, type Emulator, type EmulatorServer, type FetchFunction, type StatementInfo } from "./emulator.ts";
export {
  EngineError,
  type ChangelogRow,
  type CompiledStatement,
  type CompileRequest,
  type Engine,
  type EngineContext,
  type Execution,
  type ExecutionSink,
  type OpCode,
  type StatementTraits,
  type TopicDescription,
  type TopicRequest,
  type WireRow,
  type WireValue,
} from "./engine.ts";
export type {
  EmulatorConnectOptions,
  EmulatorControlPlaneOptions,
  EmulatorOptions,
  Fault,
  FaultRule,
  RateLimitOptions,
  RouteId,
  TimingOptions,
} from "./options.ts";
