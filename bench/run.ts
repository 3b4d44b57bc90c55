/**
 * `npm run bench`: how long the hot paths take; numbers go to stdout, nothing is
 * asserted (speed is measured here, not in tests). Without flags, a quick run on
 * a 500-member guild (bench/small.ts); with `--scale`, the big-database run
 * (bench/scale.ts, see its flags).
 */
export {};

if (process.argv.includes("--scale")) await import("./scale");
else await import("./small");
