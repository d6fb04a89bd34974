/**
 * Every relative link of README.md and docs/*.md resolves: the file or directory it names exists,
 * and its `#anchor` (in the same file or the target Markdown file) is a heading there, slugged as
 * GitHub does, or an explicit `<a id>` / `<a name>`. Links inside code (fenced blocks, inline
 * code spans) are not links and are skipped; absolute URLs are not checked (no network).
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { ROOT } from "./support.ts";

/** README.md and every Markdown file of docs/, the generated API reference included. */
function markdownFiles(): string[] {
  return ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
}

/** The text outside fenced code blocks, line numbers kept (fenced lines become empty). */
function prose(text: string): string[] {
  let fence: string | null = null;
  return text.split("\n").map((line) => {
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && m) {
      fence = m[1]!;
      return "";
    }
    if (fence !== null) {
      if (new RegExp(`^\\s{0,3}${fence[0]}{${fence.length},}\\s*$`).test(line)) fence = null;
      return "";
    }
    return line;
  });
}

/** GitHub's heading slug: lower case, punctuation dropped (not `-` or `_`), spaces to `-`. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, "")
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

const anchorCache = new Map<string, Set<string>>();

/** The anchors a Markdown file defines: heading slugs (duplicates numbered `-1`, `-2`, as GitHub does) and HTML ids. */
function anchors(file: string): Set<string> {
  const cached = anchorCache.get(file);
  if (cached !== undefined) return cached;
  const text = readFileSync(join(ROOT, file), "utf8");
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of prose(text)) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      // Inline markup is not part of the slug: `code` keeps its text, [text](url) keeps the text.
      const base = slug(h[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1"));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]!);
  }
  anchorCache.set(file, out);
  return out;
}

interface Link {
  readonly from: string;
  readonly line: number;
  readonly target: string;
}

/** The relative links (inline `[text](target)` and `![alt](target)`) of a file, outside code. */
function relativeLinks(file: string): Link[] {
  const out: Link[] = [];
  prose(readFileSync(join(ROOT, file), "utf8")).forEach((raw, i) => {
    const line = raw.replace(/`[^`]*`/g, "``");
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, ...
      out.push({ from: file, line: i + 1, target });
    }
  });
  return out;
}

/** Why a link does not resolve, or null when it does. */
function problem(link: Link): string | null {
  const [pathPart = "", anchor] = link.target.split("#", 2);
  const path = pathPart === "" ? link.from : normalize(join(dirname(link.from), decodeURIComponent(pathPart)));
  if (relative(ROOT, join(ROOT, path)).startsWith("..")) return "points outside the repository";
  if (!existsSync(join(ROOT, path))) return `${path} does not exist`;
  if (anchor === undefined || anchor === "") return null;
  if (statSync(join(ROOT, path)).isDirectory() || !path.endsWith(".md")) return `#${anchor} on ${path}, which is not a Markdown file`;
  return anchors(path).has(decodeURIComponent(anchor)) ? null : `${path} has no heading #${anchor}`;
}

describe("doc links", () => {
  const files = markdownFiles();
  const links = files.flatMap(relativeLinks);

  it("finds the links of every file", () => {
    expect(files).toContain("docs/errors.md");
    expect(links.length).toBeGreaterThan(30);
    expect(links.some((l) => l.target.includes("#"))).toBe(true);
  });

  for (const file of files) {
    it(`${file}: every relative link and #anchor resolves`, () => {
      const broken = links.filter((l) => l.from === file).flatMap((l) => {
        const why = problem(l);
        return why === null ? [] : [`${l.from}:${l.line} (${l.target}): ${why}`];
      });
      expect(broken).toEqual([]);
    });
  }
});

describe("doc links: the slug rule", () => {
  it("slugs headings as GitHub does", () => {
    expect(slug("Parameters: JS values as SQL literals")).toBe("parameters-js-values-as-sql-literals");
    expect(slug("`attach`: resuming a statement")).toBe("attach-resuming-a-statement");
    expect(slug("Pacing and backpressure")).toBe("pacing-and-backpressure");
    expect(slug("DB-API 2.0 / PEP 249")).toBe("db-api-20--pep-249");
  });
});
