/**
 * The statement store and phase machine (wire-protocol.md section 3.4):
 * create -> PENDING -> RUNNING -> COMPLETED | (stays RUNNING); compile errors -> FAILED at create;
 * run-time errors: RUNNING -> FAILING -> FAILED;
 * stop: STOPPING -> STOPPED; resume: STOPPED -> PENDING -> RUNNING; delete: DELETING -> gone;
 * auto-stop of unread unbounded foreground statements; RUNNING <-> DEGRADED on a test's request.
 * Every change bumps `resource_version`.
 *
 * Compute pools have a capacity in statements. A statement holds a slot of its pool from
 * RUNNING until it leaves the phases where its job exists (RUNNING, DEGRADED, STOPPING,
 * FAILING). One that would start while its pool is full stays PENDING with scaling state
 * POOL_EXHAUSTED (section 3.5 scaling_status) and starts, in creation order, when a slot frees.
 *
 * Delays come from the injected clock. A delay of 0 runs "right after the current answer"
 * (in a microtask), so the 201 shows PENDING and the next GET shows RUNNING, in instant mode,
 * without any timer.
 */
import type { Clock } from "../clock.ts";
import { EngineError, type ChangelogRow, type CompiledStatement, type Engine, type ExecutionSink } from "../engine.ts";
import { HttpError } from "./http.ts";
import { randomUuid } from "./random.ts";
import { ResultBuffer } from "./results.ts";
import { TERMINAL_PHASES, type Phase, type StoredStatement } from "./statement.ts";

export interface LifecycleConfig {
  readonly clock: Clock;
  readonly engine: Engine;
  readonly random: () => number;
  readonly pendingMs: number;
  readonly stoppingMs: number;
  readonly deletingMs: number;
  readonly failingMs: number;
  readonly autoStopMs: number;
  /** Statements each compute pool runs at once; Infinity for no limit. */
  readonly poolCapacity: number;
}

/** Phases in which a statement's job exists, so it holds a slot of its compute pool. */
const SLOT_PHASES: ReadonlySet<Phase> = new Set<Phase>(["RUNNING", "DEGRADED", "STOPPING", "FAILING"]);

export interface CreateInput {
  readonly name: string;
  readonly sql: string;
  readonly properties: Record<string, string> | null;
  readonly labels: Record<string, string>;
  readonly computePoolId: string;
  readonly principal: string;
  readonly stopped: boolean;
}

/** Kinds that can be resumed after a stop (TF PR #488 docs note). */
const RESUMABLE_KINDS = new Set(["INSERT_INTO", "CREATE_TABLE_AS", "EXECUTE_STATEMENT_SET", "STATEMENT_SET"]);

/** `status.detail` of an auto-stopped statement (VSC loader test fixture, for 5 minutes). */
export function autoStopDetail(ms: number): string {
  const minutes = ms / 60_000;
  const span = Number.isInteger(minutes)
    ? `${minutes} minute${minutes === 1 ? "" : "s"}`
    : `${Math.round(ms / 1000)} seconds`;
  return `This statement was automatically stopped since no client has consumed the results for ${span} or more.`;
}

export class Lifecycle {
  readonly #cfg: LifecycleConfig;
  readonly #byName = new Map<string, StoredStatement>();
  #seq = 0;
  #closed = false;

  constructor(config: LifecycleConfig) {
    this.#cfg = config;
  }

  get(name: string): StoredStatement | undefined {
    return this.#byName.get(name);
  }

  /** Live statements in creation order. */
  all(): StoredStatement[] {
    return [...this.#byName.values()].sort((a, b) => a.seq - b.seq);
  }

  create(input: CreateInput): StoredStatement {
    if (this.#byName.has(input.name)) {
      throw new HttpError(409, `Statement name '${input.name}' is already in use`, { pointer: "/name" });
    }
    const now = this.#cfg.clock.now();
    let compiled: CompiledStatement | null = null;
    let failure: { message: string; name: string } | null = null;
    try {
      compiled = this.#cfg.engine.compile({
        sql: input.sql,
        properties: input.properties ?? {},
        statementName: input.name,
      });
    } catch (e) {
      failure =
        e instanceof EngineError
          ? { message: e.message, name: e.exceptionName }
          : { message: `Internal error: ${(e as Error)?.message ?? String(e)}`, name: "java.lang.RuntimeException" };
    }
    const props = input.properties ?? {};
    const st: StoredStatement = {
      name: input.name,
      uid: randomUuid(this.#cfg.random),
      seq: this.#seq++,
      createdAt: now,
      updatedAt: now,
      resourceVersion: 1,
      labels: input.labels,
      sql: input.sql,
      properties: input.properties,
      computePoolId: input.computePoolId,
      principal: input.principal,
      stopped: input.stopped,
      snapshot: (props["sql.snapshot.mode"] ?? "").toLowerCase() === "now",
      dryRun: (props["sql.dry-run"] ?? "").toLowerCase() === "true",
      phase: failure ? "FAILED" : "PENDING",
      detail: failure ? failure.message : "",
      traits: compiled ? compiled.traits : null,
      compiled,
      execution: null,
      results: new ResultBuffer(),
      exceptions: failure ? [{ name: failure.name, message: `${failure.name}: ${failure.message}`, timestamp: now }] : [],
      timers: new Set(),
      cancelAutoStop: null,
      removed: false,
      scalingState: "OK",
      scalingUpdatedAt: now,
      holdsSlot: false,
    };
    if (failure) st.results.ended = true;
    this.#byName.set(st.name, st);
    if (!failure) {
      if (input.stopped) {
        this.#after(st, 0, () => {
          st.results.ended = true;
          this.#setPhase(st, "STOPPED");
        });
      } else this.#after(st, this.#cfg.pendingMs, () => this.#run(st));
    }
    return st;
  }

  /** spec.stopped = true (PATCH or PUT). */
  requestStop(st: StoredStatement): void {
    if (st.stopped) return;
    st.stopped = true;
    this.#touch(st);
    if (st.phase === "PENDING" || st.phase === "RUNNING" || st.phase === "DEGRADED") {
      this.#clearTimers(st);
      this.#after(st, 0, () => {
        if (st.removed || st.phase === "DELETING" || TERMINAL_PHASES.has(st.phase)) return;
        st.execution?.stop();
        this.#setScaling(st, "OK"); // no longer waiting for a pool slot
        this.#setPhase(st, "STOPPING");
        this.#after(st, this.#cfg.stoppingMs, () => {
          if (st.phase !== "STOPPING") return;
          st.results.ended = true;
          this.#setPhase(st, "STOPPED");
        });
      });
    }
  }

  /** spec.stopped = false (PUT or PATCH): a resume only when it flips the flag from true. */
  requestResume(st: StoredStatement): void {
    // Resume is the `stopped: true -> false` flip (wire-protocol.md 2.5). An auto-stopped
    // statement is STOPPED with spec.stopped still false (7.3, VSC fixture), so sending false
    // back, as a GET-modify-PUT that only edits labels does, changes nothing and is no resume.
    if (!st.stopped) return;
    if (st.phase !== "STOPPED") {
      // Not stopped yet (STOPPING) or never stoppable: only the flag changes.
      if (st.phase === "STOPPING") {
        throw new HttpError(409, `Statement=${st.name} is being stopped; resume it once it is STOPPED`);
      }
      st.stopped = false;
      this.#touch(st);
      return;
    }
    const kind = st.traits?.sqlKind ?? "";
    if (!RESUMABLE_KINDS.has(kind)) {
      throw new HttpError(
        400,
        `Statement=${st.name} of kind ${kind || "UNKNOWN"} cannot be resumed; only CREATE TABLE AS, INSERT INTO and EXECUTE STATEMENT SET statements can be resumed`,
        { pointer: "/spec/stopped" },
      );
    }
    st.stopped = false;
    st.results.ended = false;
    st.detail = "";
    this.#setPhase(st, "PENDING");
    this.#after(st, this.#cfg.pendingMs, () => this.#run(st));
  }

  /** DELETE: DELETING now, gone after `deletingMs`. */
  delete(st: StoredStatement): void {
    if (st.phase === "DELETING") return;
    this.#clearTimers(st);
    st.execution?.stop();
    st.results.ended = true;
    this.#setPhase(st, "DELETING");
    this.#after(st, this.#cfg.deletingMs, () => this.#remove(st));
  }

  /** A results read: re-arms the auto-stop timer of a foreground statement. */
  resultsRead(st: StoredStatement): void {
    if (st.cancelAutoStop) this.#armAutoStop(st);
  }

  /** Records a change that is not a phase change (labels, pool, principal, stopped flag). */
  touch(st: StoredStatement): void {
    this.#touch(st);
  }

  /**
   * RUNNING -> DEGRADED with `detail` (the real service's "unhealthy" state: no commits for a
   * long time, frequent restarts). The job keeps running and producing results.
   */
  degrade(st: StoredStatement, detail: string): void {
    if (st.phase !== "RUNNING") throw new Error(`statement '${st.name}' is ${st.phase}; only a RUNNING statement can become DEGRADED`);
    this.#setPhase(st, "DEGRADED", detail);
  }

  /** DEGRADED -> RUNNING, clearing the detail. */
  recover(st: StoredStatement): void {
    if (st.phase !== "DEGRADED") throw new Error(`statement '${st.name}' is ${st.phase}; only a DEGRADED statement can recover`);
    this.#setPhase(st, "RUNNING", "");
  }

  /** Stops every execution and timer. The emulator answers nothing after this. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const st of this.#byName.values()) {
      this.#clearTimers(st);
      try {
        st.execution?.stop();
        st.execution?.dispose();
      } catch {
        // closing must not throw because an engine did
      }
    }
  }

  // --- internals ---

  #touch(st: StoredStatement): void {
    st.resourceVersion++;
    st.updatedAt = Math.max(st.updatedAt, this.#cfg.clock.now());
  }

  #setPhase(st: StoredStatement, phase: Phase, detail?: string): void {
    st.phase = phase;
    if (detail !== undefined) st.detail = detail;
    this.#touch(st);
    if (phase !== "RUNNING" && phase !== "DEGRADED") this.#disarmAutoStop(st);
    if (st.holdsSlot && !SLOT_PHASES.has(phase)) {
      st.holdsSlot = false;
      this.#admitWaiting(st.computePoolId);
    }
  }

  /** Statements of `pool` that hold a slot now. */
  #slotsInUse(pool: string): number {
    let n = 0;
    for (const other of this.#byName.values()) if (other.holdsSlot && !other.removed && other.computePoolId === pool) n++;
    return n;
  }

  #setScaling(st: StoredStatement, state: "OK" | "POOL_EXHAUSTED"): void {
    if (st.scalingState === state) return;
    st.scalingState = state;
    st.scalingUpdatedAt = this.#cfg.clock.now();
    this.#touch(st);
  }

  /**
   * Starts the statements waiting for a slot of `pool`, oldest first, right after the change
   * that freed one (a microtask: the answer that freed it is rendered first).
   */
  #admitWaiting(pool: string): void {
    // With unlimited pools (the default) nobody ever waits: skip the scan on every phase change.
    if (this.#closed || this.#cfg.poolCapacity === Infinity) return;
    queueMicrotask(() => {
      for (const st of this.all()) {
        if (this.#closed || this.#slotsInUse(pool) >= this.#cfg.poolCapacity) return;
        if (st.computePoolId === pool && st.phase === "PENDING" && st.scalingState === "POOL_EXHAUSTED" && !st.removed) this.#run(st);
      }
    });
  }

  /** Runs `fn` after `ms` of the clock, or right after the current request when `ms` is 0. */
  #after(st: StoredStatement, ms: number, fn: () => void): void {
    if (this.#closed) return;
    if (ms <= 0) {
      // A microtask: the handler that caused this renders its answer synchronously first,
      // and the transition is done before the caller's `await fetch(...)` resumes.
      queueMicrotask(() => {
        if (!st.removed && !this.#closed) fn();
      });
      return;
    }
    const cancel = this.#cfg.clock.setTimer(ms, () => {
      st.timers.delete(cancel);
      if (!st.removed && !this.#closed) fn();
    });
    st.timers.add(cancel);
  }

  #clearTimers(st: StoredStatement): void {
    for (const cancel of st.timers) cancel();
    st.timers.clear();
    this.#disarmAutoStop(st);
  }

  #run(st: StoredStatement): void {
    if (st.phase !== "PENDING" || st.stopped) return;
    const compiled = st.compiled;
    if (!compiled) return;
    if (this.#cfg.poolCapacity !== Infinity && this.#slotsInUse(st.computePoolId) >= this.#cfg.poolCapacity) {
      // Stays PENDING; #admitWaiting starts it when a slot of its pool frees.
      this.#setScaling(st, "POOL_EXHAUSTED");
      return;
    }
    this.#setScaling(st, "OK");
    st.holdsSlot = true;
    this.#setPhase(st, "RUNNING");
    if (st.dryRun) {
      st.results.ended = true;
      this.#setPhase(st, "COMPLETED");
      return;
    }
    if (st.execution) {
      try {
        st.execution.resume();
      } catch (e) {
        this.#fail(st, (e as Error)?.message ?? String(e), e instanceof EngineError ? e.exceptionName : undefined);
        return;
      }
    } else {
      const sink = this.#sink(st);
      try {
        const execution = compiled.start(sink);
        if (st.removed || (st.phase as Phase) === "DELETING") execution.dispose();
        else st.execution = execution;
      } catch (e) {
        this.#fail(st, (e as Error)?.message ?? String(e), e instanceof EngineError ? e.exceptionName : undefined);
        return;
      }
    }
    // Auto-stop is for unbounded foreground SELECTs only (wire-protocol.md 9.2): a bounded
    // one ends by itself, and its rows wait for a reader however long that takes.
    if ((st.phase as Phase) === "RUNNING" && st.traits?.sqlKind === "SELECT" && !st.traits.isBounded) this.#armAutoStop(st);
  }

  #sink(st: StoredStatement): ExecutionSink {
    const accepting = () => !st.removed && (st.phase === "RUNNING" || st.phase === "DEGRADED" || st.phase === "STOPPING");
    return {
      emit: (rows: readonly ChangelogRow[]) => {
        if (accepting()) st.results.push(rows);
      },
      complete: () => {
        if (st.phase !== "RUNNING" && st.phase !== "DEGRADED") return;
        st.results.ended = true;
        this.#setPhase(st, "COMPLETED");
      },
      fail: (message: string, exceptionName?: string) => {
        if (st.phase !== "RUNNING" && st.phase !== "DEGRADED" && st.phase !== "PENDING") return;
        this.#fail(st, message, exceptionName);
      },
    };
  }

  /** A run-time failure: FAILING (the job winding down) for `failingMs`, then FAILED (section 3.4). */
  #fail(st: StoredStatement, message: string, exceptionName = "org.apache.flink.runtime.JobException"): void {
    st.results.ended = true;
    st.exceptions.unshift({ name: exceptionName, message: `${exceptionName}: ${message}`, timestamp: this.#cfg.clock.now() });
    st.exceptions.length = Math.min(st.exceptions.length, 10);
    this.#setPhase(st, "FAILING", message);
    this.#after(st, this.#cfg.failingMs, () => {
      if (st.phase === "FAILING") this.#setPhase(st, "FAILED");
    });
  }

  #armAutoStop(st: StoredStatement): void {
    this.#disarmAutoStop(st);
    const ms = this.#cfg.autoStopMs;
    if (!(ms > 0) || !Number.isFinite(ms) || this.#closed) return;
    const cancel = this.#cfg.clock.setTimer(ms, () => {
      st.cancelAutoStop = null;
      if (st.removed || (st.phase !== "RUNNING" && st.phase !== "DEGRADED")) return;
      st.execution?.stop();
      st.results.ended = true;
      this.#setPhase(st, "STOPPED", autoStopDetail(ms));
    });
    st.cancelAutoStop = cancel;
  }

  #disarmAutoStop(st: StoredStatement): void {
    st.cancelAutoStop?.();
    st.cancelAutoStop = null;
  }

  #remove(st: StoredStatement): void {
    st.removed = true;
    this.#clearTimers(st);
    if (this.#byName.get(st.name) === st) this.#byName.delete(st.name);
    try {
      st.execution?.dispose();
    } catch {
      // an engine failing to dispose must not keep the name taken
    }
    st.execution = null;
  }
}
