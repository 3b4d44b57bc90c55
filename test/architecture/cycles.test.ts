import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** Relative imports and re-exports of a file, type-only ones included, resolved to files under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"/gms)].map(
    (m) => m[1] as string,
  );
  return specifiers.flatMap((s) => {
    const base = resolve(dirname(file), s);
    const found = [`${base}.ts`, join(base, "index.ts"), base].find(
      (p) => existsSync(p) && p.endsWith(".ts"),
    );
    return found?.startsWith(SRC) ? [found] : [];
  });
}

/** Every import cycle, each reported once as a list of paths relative to the repository. */
function cycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open")
        found.push([...stack.slice(stack.indexOf(g)), g].map((p) => relative(ROOT, p)));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe("src/ imports", () => {
  it("form no cycle between files, type-only imports included", () => {
    expect(cycles(tsFiles(SRC))).toEqual([]);
  });
});
