import { describe, expect, it } from "vitest";
import { guilds } from "../../src/db/tables";
import { setChannel } from "../../src/guilds/config";
import { expectUserError } from "../helpers/errors";
import { GUILD, useStore } from "../helpers/store";

describe("setChannel", () => {
  const store = useStore();
  const now = new Date("2026-11-22T12:00:00Z");

  it("refuses a kind outside the declared choices (a malformed payload; found by the fuzz test)", async () => {
    const { db } = store();
    for (const kind of ["", "constructor", "__proto__"]) {
      await expectUserError(
        () => setChannel(db, GUILD, kind, "810000000000000001", now),
        /^Kind must be prompt, checkin or leaderboard\.$/,
      );
    }
    expect((await db.select().from(guilds)).every((g) => g.promptsChannelId === null)).toBe(true);
  });
});
