// The profile-card worker thread as started from the TypeScript sources (tsx, vitest):
// plain JavaScript so it starts the same under either, it loads the TypeScript loop
// (./card-worker.ts) through tsx's loader. The precompiled bot runs dist's card-worker.js.
import { register } from "tsx/esm/api";

register();
await import("./card-worker.ts");
