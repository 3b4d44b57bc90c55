/** `npm run demo [-- --port N]` (SPEC §7): the real bot against the local stand-in, and a page to drive it. */
import { parseArgs } from "node:util";
import { startDemo } from "./server";

function fail(message: string): never {
  process.stderr.write(`shiplog demo: ${message}\n`);
  process.exit(1);
}

function portOf(text: string | undefined): number {
  if (text === undefined) return 3939;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    fail(`--port must be a whole number from 0 to 65535, got "${text}"`);
  return port;
}

async function main(): Promise<void> {
  let port: number;
  try {
    port = portOf(parseArgs({ options: { port: { type: "string" } } }).values.port);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const demo = await startDemo({ port }).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE") fail(`port ${port} is already in use; pick another with --port N`);
    if (code === "EACCES")
      fail(`no permission to listen on port ${port}; use a port above 1023 with --port N`);
    fail(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  process.stdout.write(`shiplog demo: open ${demo.url}\n`);
  const stop = () =>
    void demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

void main();
