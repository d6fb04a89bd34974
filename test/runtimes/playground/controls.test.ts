/** Status announcements and the Run button's rule (playground/controls.ts). */
import { describe, expect, it } from "vitest";
import { announcementFor, canRun } from "../../../playground/controls.ts";

describe("announcementFor", () => {
  it("announces each change of state", () => {
    expect(announcementFor(undefined, { text: "pending", state: "running" })).toBe("pending");
    expect(announcementFor({ text: "idle", state: "idle" }, { text: "pending", state: "running" })).toBe("pending");
    expect(announcementFor({ text: "pending", state: "running" }, { text: "3 rows", state: "done" })).toBe("3 rows");
    expect(announcementFor({ text: "running · 2 rows", state: "running" }, { text: "failed", state: "error" })).toBe("failed");
    expect(announcementFor({ text: "running · 2 rows", state: "running" }, { text: "cancelled", state: "idle" })).toBe("cancelled");
  });

  it("keeps quiet about a running stream's counts", () => {
    expect(announcementFor({ text: "pending", state: "running" }, { text: "running", state: "running" })).toBe("running");
    expect(announcementFor({ text: "running", state: "running" }, { text: "running · 1 rows · 1 inserts", state: "running" })).toBeNull();
    expect(announcementFor({ text: "running · 1 rows", state: "running" }, { text: "running · 2 rows", state: "running" })).toBeNull();
    // Straight from idle into a running stream's first count: said once, without the numbers.
    expect(announcementFor({ text: "idle", state: "idle" }, { text: "running · 1 rows", state: "running" })).toBe("running");
  });

  it("announces a new result after another, but not the same text twice", () => {
    expect(announcementFor({ text: "3 rows", state: "done" }, { text: "1 row", state: "done" })).toBe("1 row");
    expect(announcementFor({ text: "3 rows", state: "done" }, { text: "3 rows", state: "done" })).toBeNull();
  });
});

describe("canRun", () => {
  it("needs some SQL", () => {
    expect(canRun("SELECT 1")).toBe(true);
    expect(canRun("")).toBe(false);
    expect(canRun(" \n\t")).toBe(false);
  });
});
