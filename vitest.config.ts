import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // e2e tests start a real gateway + REST stand-in; give them room on a 2-core CI box.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
