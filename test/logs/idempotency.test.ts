import { describe, expect, it } from "vitest";
import { logHours } from "../../src/logs/hours";
import { logProject } from "../../src/projects/log";
import { expectUserError } from "../helpers/errors";
import { allEntries, interactionId, member, OTHER_GUILD, useStore } from "../helpers/store";

const NOW = new Date("2026-11-22T12:00:00Z");
const ada = member("200000000000000001");
const bert = member("200000000000000002");
const adaElsewhere = member("200000000000000001", OTHER_GUILD);

describe("idempotency is keyed by guild, member and interaction id (issue 9, defect 3)", () => {
  const store = useStore();

  it("returns the original entry to the same member's redelivery", async () => {
    const { db } = store();
    const id = interactionId();
    const first = await logHours(db, ada, id, { hours: 1, kind: "build", note: "private note" }, NOW);
    const again = await logHours(db, ada, id, { hours: 1, kind: "build", note: "private note" }, NOW);
    expect(again.created).toBe(false);
    expect(again.entry.id).toBe(first.entry.id);
    expect(await allEntries(store())).toHaveLength(1);
  });

  it.each([
    ["another member", bert],
    ["the same member in another guild", adaElsewhere],
  ])("refuses %s replaying the id, disclosing nothing and storing nothing", async (_who, replayer) => {
    const { db } = store();
    const id = interactionId();
    await logHours(db, ada, id, { hours: 1, kind: "build", note: "private note" }, NOW);
    await logProject(db, ada, `${id}9`, { name: "secret", url: "https://secret.example" }, NOW);
    const before = await allEntries(store());
    for (const replay of [
      async () => logHours(db, replayer, id, { hours: 2, kind: "learn" }, NOW),
      async () => logProject(db, replayer, `${id}9`, { name: "x", url: "https://x.example" }, NOW),
    ]) {
      await expectUserError(
        replay,
        /^This request was already used, so nothing was stored — run the command again\.$/,
      );
    }
    expect(await allEntries(store())).toEqual(before);
  });

  it("refuses an hours id replayed as a project by the same member", async () => {
    const { db } = store();
    const id = interactionId();
    await logHours(db, ada, id, { hours: 1, kind: "build" }, NOW);
    await expectUserError(
      () => logProject(db, ada, id, { name: "x", url: "https://x.example" }, NOW),
      /already used/,
    );
  });
});
