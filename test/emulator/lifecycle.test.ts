/**
 * Statement lifecycle timing under a ManualClock: PENDING -> RUNNING -> COMPLETED, stop,
 * delete, resource_version on system changes, auto-stop of unread foreground statements.
 */
import { afterEach, describe, expect, it } from "vitest";
import { makeHarness, type Harness } from "./support/harness.ts";
import { rowsFrom } from "./support/scripted-engine.ts";

let h: Harness;
afterEach(async () => {
  await h?.emu.close();
});

const AUTO_STOP = "This statement was automatically stopped since no client has consumed the results for 5 minutes or more.";

async function status(name: string) {
  const r = await h.call("GET", `${h.base}/${name}`);
  return { phase: r.body.status.phase as string, detail: r.body.status.detail as string, rv: Number(r.body.metadata.resource_version), body: r.body };
}

describe("lifecycle under a manual clock", () => {
  it("stays PENDING for pendingMs, traits present; then RUNNING and COMPLETED with rising resource_version", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 1200 } });
    const created = await h.create("t1", "SNAPSHOT 2");
    expect(created.body.status.phase).toBe("PENDING");
    expect(created.body.status.traits.is_bounded).toBe(true);
    h.clock!.advance(1199);
    const pending = await status("t1");
    expect(pending.phase).toBe("PENDING");
    expect(pending.body.status.traits.schema.columns).toHaveLength(2);
    h.clock!.advance(1);
    const done = await status("t1");
    expect(done.phase).toBe("COMPLETED");
    expect(done.rv).toBeGreaterThan(pending.rv);
    expect(done.body.metadata.updated_at > done.body.metadata.created_at).toBe(true);
  });

  it("realistic defaults apply to an injected clock", async () => {
    h = makeHarness({ manual: true });
    await h.create("t2", "STREAM");
    h.clock!.advance(1000);
    expect((await status("t2")).phase).toBe("PENDING");
    h.clock!.advance(200);
    expect((await status("t2")).phase).toBe("RUNNING");
  });

  it("stop during PENDING goes STOPPING then STOPPED without starting", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 1000, stoppingMs: 300 } });
    await h.create("t3", "STREAM");
    await h.call("PATCH", `${h.base}/t3`, [{ op: "replace", path: "/spec/stopped", value: true }]);
    expect((await status("t3")).phase).toBe("STOPPING");
    h.clock!.advance(2000);
    expect((await status("t3")).phase).toBe("STOPPED");
    expect(h.engine.runs.has("t3")).toBe(false);
  });

  it("stopping a COMPLETED statement only sets spec.stopped", async () => {
    h = makeHarness();
    await h.create("t4", "SNAPSHOT 1");
    const p = await h.call("PATCH", `${h.base}/t4`, [{ op: "replace", path: "/spec/stopped", value: true }]);
    expect(p.body.spec.stopped).toBe(true);
    expect((await status("t4")).phase).toBe("COMPLETED");
  });

  it("create with spec.stopped true ends STOPPED without running", async () => {
    h = makeHarness();
    await h.create("t5", "INSERT", { spec: { stopped: true } });
    expect((await status("t5")).phase).toBe("STOPPED");
    expect(h.engine.runs.has("t5")).toBe(false);
    const r = await h.call("GET", `${h.base}/t5/results`);
    expect(r.body.results.data).toEqual([]);
    expect(r.body.metadata.next).toBeUndefined();
  });

  it("auto-stops a foreground statement nobody reads for 5 minutes, with the real detail text", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 0 } });
    await h.create("fg", "STREAM");
    await h.create("bg", "INSERT");
    h.clock!.advance(4 * 60_000);
    // A read re-arms the timer.
    expect((await h.call("GET", `${h.base}/fg/results`)).status).toBe(200);
    h.clock!.advance(4 * 60_000);
    expect((await status("fg")).phase).toBe("RUNNING");
    h.engine.sink("fg").emit(rowsFrom(0, 1));
    h.clock!.advance(60_000);
    const s = await status("fg");
    expect(s.phase).toBe("STOPPED");
    expect(s.detail).toBe(AUTO_STOP);
    expect(s.body.spec.stopped).toBe(false); // as in the VSC fixture
    expect(h.engine.run("fg").stops).toBe(1);
    // Background statements are never auto-stopped.
    expect((await status("bg")).phase).toBe("RUNNING");
    // The unread row is still there; the stream ends after it.
    const r = await h.call("GET", `${h.base}/fg/results`);
    expect(r.body.results.data).toEqual(rowsFrom(0, 1));
    expect(r.body.metadata.next).toBeUndefined();
  });

  it("a GET-modify-PUT or PATCH that keeps spec.stopped false on an auto-stopped SELECT succeeds and does not resume it", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 0 } });
    await h.create("fg", "STREAM");
    h.clock!.advance(5 * 60_000);
    const stopped = await status("fg");
    expect(stopped.phase).toBe("STOPPED");
    const body = { ...stopped.body, metadata: { ...stopped.body.metadata, labels: { "user.confluent.io/seen": "true" } } };
    const put = await h.call("PUT", `${h.base}/fg`, body);
    expect(put.status).toBe(202);
    const after = await status("fg");
    expect(after.body.metadata.labels).toEqual({ "user.confluent.io/seen": "true" });
    expect(after.rv).toBe(stopped.rv + 1);
    expect(after.phase).toBe("STOPPED");
    expect(after.detail).toBe(AUTO_STOP);
    const patch = await h.call("PATCH", `${h.base}/fg`, [{ op: "replace", path: "/spec/stopped", value: false }]);
    expect(patch.status).toBe(200);
    expect(patch.body.status.phase).toBe("STOPPED");
    expect(patch.body.spec.stopped).toBe(false);
    expect(h.engine.run("fg").resumes).toBe(0);
  });

  it("never auto-stops a bounded SELECT, however long it runs unread (reference 9.2: unbounded only)", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 0 } });
    await h.create("bounded", "BOUNDED");
    await h.create("unbounded", "STREAM");
    h.clock!.advance(30 * 60_000);
    expect((await status("bounded")).phase).toBe("RUNNING");
    expect((await status("unbounded")).phase).toBe("STOPPED");
    h.engine.sink("bounded").emit(rowsFrom(0, 2));
    h.engine.sink("bounded").complete();
    const done = await status("bounded");
    expect(done.phase).toBe("COMPLETED");
    expect(done.detail).toBe("");
    expect(h.engine.run("bounded").stops).toBe(0);
  });

  it("auto-stop delay is configurable and its text follows", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 0 }, autoStopMs: 60_000 });
    await h.create("fg", "STREAM");
    h.clock!.advance(60_000);
    expect((await status("fg")).detail).toBe(
      "This statement was automatically stopped since no client has consumed the results for 1 minute or more.",
    );
  });

  it("a run-time failure goes RUNNING -> FAILING -> FAILED after failingMs", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 0, failingMs: 300 } });
    await h.create("rf", "RUNFAIL division by zero");
    const failing = await status("rf");
    expect(failing.phase).toBe("FAILING");
    expect(failing.detail).toBe("division by zero");
    expect(failing.body.status.traits.sql_kind).toBe("SELECT");
    const ex = await h.call("GET", `${h.base}/rf/exceptions`);
    expect(ex.body.data[0].message).toBe("java.lang.IllegalStateException: division by zero");
    const r = await h.call("GET", `${h.base}/rf/results`);
    expect(r.status).toBe(200);
    expect(r.body.metadata.next).toBeUndefined();
    h.clock!.advance(299);
    expect((await status("rf")).phase).toBe("FAILING");
    h.clock!.advance(1);
    const failed = await status("rf");
    expect(failed.phase).toBe("FAILED");
    expect(failed.detail).toBe("division by zero");
    expect(failed.body.status.traits).toBeNull();
    expect(failed.rv).toBe(failing.rv + 1);
  });

  it("deleting a FAILING statement cancels the move to FAILED", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 0, failingMs: 300, deletingMs: 1000 } });
    await h.create("rf", "RUNFAIL boom");
    expect((await status("rf")).phase).toBe("FAILING");
    expect((await h.call("DELETE", `${h.base}/rf`)).status).toBe(202);
    h.clock!.advance(500);
    expect((await status("rf")).phase).toBe("DELETING");
    h.clock!.advance(500);
    expect((await h.call("GET", `${h.base}/rf`)).status).toBe(404);
  });

  it("realistic mode keeps a statement PENDING for a moment on the system clock", async () => {
    h = makeHarness({ clock: "realistic" });
    const r = await h.create("r1", "SNAPSHOT 1");
    expect(r.body.status.phase).toBe("PENDING");
    expect((await status("r1")).phase).toBe("PENDING");
    expect(h.engine.runs.has("r1")).toBe(false);
  });

  it("statements() reports phases and buffered rows", async () => {
    h = makeHarness();
    await h.create("i1", "SNAPSHOT 4");
    await h.create("i2", "FAIL nope");
    await Promise.resolve();
    expect(h.emu.statements()).toEqual([
      { name: "i1", phase: "COMPLETED", detail: "", resourceVersion: 3, stopped: false, bufferedRows: 4 },
      { name: "i2", phase: "FAILED", detail: "nope", resourceVersion: 1, stopped: false, bufferedRows: 0 },
    ]);
  });

  it("close() cancels every timer", async () => {
    h = makeHarness({ manual: true });
    await h.create("c1", "STREAM");
    expect(h.clock!.pending).toBeGreaterThan(0);
    await h.emu.close();
    expect(h.clock!.pending).toBe(0);
    await expect(h.emu.fetch(`${h.emu.connectOptions.endpoint}${h.base}`)).rejects.toThrow(TypeError);
  });
});
