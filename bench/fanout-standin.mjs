// Loads the stand-in thread for bench/fanout.ts through tsx (workers do not inherit its loader).
import { register } from "tsx/esm/api";

register();
await import("./fanout-standin.ts");
