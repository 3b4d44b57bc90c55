/** mulberry32: a small seeded generator, so a failing seed can be replayed (the seeder's own). */
export { mulberry32 as seededRandom } from "../../src/seed/seed";
