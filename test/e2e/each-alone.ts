/**
 * Proves no e2e test leans on another's state: runs every test of the given files (default: the e2e
 * and stand-in tests) on its own, `vitest run FILE -t NAME`, a few at a time, and fails unless each
 * one ran alone and passed. Usage: npx tsx test/e2e/each-alone.ts [files or folders...]
 */
import { execFile } from "node:child_process";
import { relative } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const targets = process.argv.length > 2 ? process.argv.slice(2) : ["test/e2e", "test/standin"];
const PARALLEL = 4;

interface Listed {
  name: string;
  file: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function alone(test: Listed): Promise<string | null> {
  const file = relative(process.cwd(), test.file);
  const name = test.name.split(" > ").at(-1) ?? test.name;
  const args = ["vitest", "run", file, "-t", `${escapeRegExp(name)}$`];
  const output = await run("npx", args, { maxBuffer: 1 << 24 }).then(
    (r) => r.stdout,
    (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}`,
  );
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the reporter's colours
  const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
  return /Tests\s+1 passed( \| \d+ skipped)? \(\d+\)/.test(plain)
    ? null
    : `${file} > ${test.name}\n${plain.slice(-2000)}`;
}

const { stdout } = await run("npx", ["vitest", "list", ...targets, "--json"], { maxBuffer: 1 << 24 });
const tests = JSON.parse(stdout) as Listed[];
const failures: string[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (next < tests.length) {
      const test = tests[next++];
      if (!test) break;
      const failure = await alone(test);
      console.log(`${failure ? "FAIL" : "ok  "} ${relative(process.cwd(), test.file)} > ${test.name}`);
      if (failure) failures.push(failure);
    }
  }),
);
console.log(`\n${tests.length - failures.length} of ${tests.length} tests pass when run alone`);
if (failures.length > 0) {
  console.error(failures.join("\n\n"));
  process.exit(1);
}
