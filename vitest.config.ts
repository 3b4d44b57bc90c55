import { defineConfig } from "vitest/config";
import { ON_BOTH_ENGINES, SQLITE_ONLY } from "./test/engines.ts";

const shared = {
  // e2e tests start a real gateway + REST stand-in; give them room on a 2-core CI box.
  testTimeout: 20_000,
  hookTimeout: 20_000,
};

export default defineConfig({
  test: {
    // Vitest's default is one worker per core minus one: a single worker on a 2-core CI box. The
    // tests mostly wait on sockets, child processes and PostgreSQL, so 4 workers finish the suite
    // on both engines in ~140 s there instead of ~220 s.
    maxWorkers: 4,
    projects: [
      { test: { ...shared, name: "sqlite", include: ["test/**/*.test.ts"] } },
      // The same domain tests on PostgreSQL, each in its own schema (test/helpers/store.ts):
      // only when TEST_DATABASE_URL names a server, so `npm test` without one is unchanged.
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              test: {
                ...shared,
                name: "pg",
                include: ON_BOTH_ENGINES,
                exclude: Object.keys(SQLITE_ONLY).map((path) => (path.endsWith("/") ? `${path}**` : path)),
                env: { SHIPLOG_TEST_ENGINE: "pg" },
              },
            },
          ]
        : []),
    ],
  },
});
