// @vitest-environment happy-dom
/** Explained errors (playground/explain.ts) and the error box that shows them (renderError). */
import { describe, expect, it } from "vitest";
import { explainError } from "../../../playground/explain.ts";
import { renderError, withoutStatementPrefix } from "../../../playground/ui.ts";
import { OperationalError, ProgrammingError, TimeoutError } from "../../../src/index.ts";

const here = { tokenRequired: true, tokenGiven: false, origin: "http://127.0.0.1:8787" };

describe("explainError", () => {
  it("asks for the proxy token on a 401 without one", () => {
    const e = new OperationalError("UNAUTHENTICATED", "POST /statements failed with HTTP 401: Missing or wrong proxy token", { status: 401 });
    const x = explainError(e, here);
    expect(x.trouble).toBe("token");
    expect(x.hint).toMatch(/needs a token.*Proxy token field/);
  });

  it("says the token was refused when one was given", () => {
    const x = explainError(new OperationalError("UNAUTHENTICATED", "401", { status: 401 }), { ...here, tokenGiven: true });
    expect(x.trouble).toBe("token");
    expect(x.hint).toMatch(/did not accept that token/);
  });

  it("names the Worker's address on a network failure, from the client or from fetch", () => {
    const fromClient = explainError(new OperationalError("NETWORK_ERROR", "POST /statements failed: network error"), here);
    expect(fromClient.trouble).toBe("network");
    expect(fromClient.hint).toContain("http://127.0.0.1:8787");
    expect(fromClient.hint).toContain("npm start");
    expect(explainError(new TypeError("Failed to fetch"), here).trouble).toBe("network");
    expect(explainError(new TypeError("NetworkError when attempting to fetch resource."), here).trouble).toBe("network");
  });

  it("explains a timeout", () => {
    expect(explainError(new TimeoutError("GET /statements timed out"), here).trouble).toBe("timeout");
  });

  it("adds nothing to an SQL error or a programming bug", () => {
    expect(explainError(new ProgrammingError("STATEMENT_FAILED", "SQL parse failed"), here)).toEqual({ trouble: "other" });
    expect(explainError(new TypeError("x is undefined"), here)).toEqual({ trouble: "other" });
    expect(explainError(null, here)).toEqual({ trouble: "other" });
  });
});

describe("renderError with a statement and a hint", () => {
  it("shows the statement name as text and the hint below the message", () => {
    const e = new ProgrammingError("STATEMENT_FAILED", "SQL validation failed", { statementName: "dbapi-42", detail: "Object 'nope' not found" });
    const box = renderError(document, e, { hint: "Check the table name." });
    expect(box.getAttribute("role")).toBe("alert");
    expect(box.querySelector(".error-code")?.textContent).toBe("STATEMENT_FAILED");
    expect(box.querySelector(".error-statement")?.textContent).toBe("Statement dbapi-42");
    expect(box.querySelector(".error-statement code")?.textContent).toBe("dbapi-42");
    expect(box.querySelector(".error-hint")?.textContent).toBe("Check the table name.");
  });

  it("has no statement line or hint when there is none", () => {
    const box = renderError(document, new OperationalError("NETWORK_ERROR", "failed"));
    expect(box.querySelector(".error-statement")).toBeNull();
    expect(box.querySelector(".error-hint")).toBeNull();
  });
});

describe("withoutStatementPrefix", () => {
  it("drops the statement prefix the box shows on its own line", () => {
    expect(withoutStatementPrefix("Statement 'dbapi-1' failed: SQL parse failed.", "dbapi-1")).toBe("SQL parse failed.");
    const box = renderError(document, new ProgrammingError("STATEMENT_FAILED", "Statement 'dbapi-1' failed: SQL parse failed.", { statementName: "dbapi-1" }));
    expect(box.querySelector(".error-message")?.textContent).toBe(" SQL parse failed.");
    expect(box.querySelector(".error-statement code")?.textContent).toBe("dbapi-1");
  });

  it("keeps other messages, another statement's prefix, and a bare prefix whole", () => {
    expect(withoutStatementPrefix("Statement 'dbapi-2' failed: x", "dbapi-1")).toBe("Statement 'dbapi-2' failed: x");
    expect(withoutStatementPrefix("POST /statements failed with HTTP 401", "dbapi-1")).toBe("POST /statements failed with HTTP 401");
    expect(withoutStatementPrefix("Statement 'dbapi-1' failed: ", "dbapi-1")).toBe("Statement 'dbapi-1' failed: ");
    expect(withoutStatementPrefix("Statement 'dbapi-1' failed: x", undefined)).toBe("Statement 'dbapi-1' failed: x");
  });
});
