import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors";
import { logHours } from "../../src/logs/hours";
import { memberTotals } from "../../src/logs/stats";
import { undoLast } from "../../src/logs/undo";
import { formatEntryLine, recentEntries, removeEntry } from "../../src/moderation/entries";
import { logProject } from "../../src/projects/log";
import { expectUserError } from "../helpers/errors";
import { allEntries, GUILD, interactionId, member, OTHER_GUILD, useStore } from "../helpers/store";

const NOW = new Date("2026-11-22T12:00:00Z");
const HOUR = 3_600_000;
const at = (hoursLater: number) => new Date(NOW.getTime() + hoursLater * HOUR);
const ALICE = "201";
const BOB = "202";
const MOD = "900";

describe("recentEntries", () => {
  const store = useStore();

  it("lists only this member's entries in this guild, newest first, removed ones included", async () => {
    const { db } = store();
    const first = (await logHours(db, member(ALICE), interactionId(), { hours: 1.5, kind: "build" }, NOW))
      .entry;
    await logHours(db, member(BOB), interactionId(), { hours: 1, kind: "learn" }, at(1));
    await logHours(db, member(ALICE, OTHER_GUILD), interactionId(), { hours: 2, kind: "learn" }, at(2));
    const project = (
      await logProject(
        db,
        member(ALICE),
        interactionId(),
        { name: "api", url: "https://api.example.com" },
        at(3),
      )
    ).entry;
    const third = (await logHours(db, member(ALICE), interactionId(), { hours: 1, kind: "learn" }, at(4)))
      .entry;
    await undoLast(db, GUILD, ALICE, at(5));

    const list = await recentEntries(db, GUILD, ALICE);
    expect(list.map((e) => e.id)).toEqual([third.id, project.id, first.id]);
    expect(list[0]).toMatchObject({ removedBy: ALICE, removedReason: "undo" });
    expect(list[0]?.removedAt).toEqual(at(5));
    expect(list[1]).toMatchObject({ type: "project", name: "api", removedAt: null });
    expect(list[2]).toMatchObject({ type: "hours", minutes: 90, kind: "build", localDate: "2026-11-22" });

    expect((await recentEntries(db, GUILD, ALICE, 2)).map((e) => e.id)).toEqual([third.id, project.id]);
    expect(await recentEntries(db, GUILD, "999")).toEqual([]);
  });

  it("breaks ties in created_at by id, so the later insert comes first", async () => {
    const { db } = store();
    const a = (await logHours(db, member(ALICE), interactionId(), { hours: 1, kind: "build" }, NOW)).entry;
    const b = (await logHours(db, member(ALICE), interactionId(), { hours: 1, kind: "learn" }, NOW)).entry;
    expect((await recentEntries(db, GUILD, ALICE)).map((e) => e.id)).toEqual([b.id, a.id]);
  });
});

describe("formatEntryLine", () => {
  const base = {
    id: 123,
    createdAt: NOW,
    localDate: "2026-11-20",
    minutes: null,
    kind: null,
    topic: null,
    note: null,
    name: null,
    url: null,
    removedAt: null,
    removedBy: null,
    removedReason: null,
  } as const;

  it("shows hours with kind, topic and a cut, escaped note", () => {
    expect(
      formatEntryLine({
        ...base,
        type: "hours",
        minutes: 90,
        kind: "build",
        topic: "databases",
        note: "indexes",
      }),
    ).toBe("#123 · 2026-11-20 · 1.5 h build · databases — indexes");
    expect(formatEntryLine({ ...base, type: "hours", minutes: 60, kind: "learn" })).toBe(
      "#123 · 2026-11-20 · 1 h learn",
    );
    const line = formatEntryLine({
      ...base,
      type: "hours",
      minutes: 45,
      kind: "learn",
      note: `**bold** <@1> [x](https://evil.example)\nsecond line ${"y".repeat(100)}`,
    });
    expect(line).toContain(
      "0.75 h learn — \\*\\*bold\\*\\* \\<@1\\> \\[x\\](https://evil.example) second line",
    );
    expect(line).not.toContain("\n");
    expect(line.endsWith("…")).toBe(true);
    expect(line.split(" — ")[1]?.replace(/\\/g, "").length).toBeLessThanOrEqual(80);
  });

  it("shows projects with their name in bold and an unfurl-free link", () => {
    expect(
      formatEntryLine({ ...base, id: 124, type: "project", name: "my_api", url: "https://api.example.com/" }),
    ).toBe("#124 · 2026-11-20 · project **my\\_api** <https://api.example.com/>");
  });

  it("strikes removed entries and says who removed them and why", () => {
    expect(
      formatEntryLine({
        ...base,
        type: "hours",
        minutes: 60,
        kind: "build",
        removedAt: NOW,
        removedBy: MOD,
        removedReason: "duplicate ~~of~~ #122",
      }),
    ).toBe("~~#123 · 2026-11-20 · 1 h build~~ removed by <@900>: duplicate \\~\\~of\\~\\~ #122");
  });
});

describe("removeEntry", () => {
  const store = useStore();

  it("soft-removes the entry with who and why, and it stops counting", async () => {
    const { db } = store();
    const keep = (await logHours(db, member(ALICE), interactionId(), { hours: 2, kind: "build" }, NOW)).entry;
    const bad = (await logHours(db, member(ALICE), interactionId(), { hours: 10, kind: "learn" }, at(1)))
      .entry;
    expect(await memberTotals(db, GUILD, ALICE)).toEqual({ minutes: 720, buildMinutes: 120 });

    const removed = await removeEntry(db, GUILD, { id: bad.id, reason: "  not real hours  " }, MOD, at(30));
    expect(removed).toMatchObject({
      id: bad.id,
      userId: ALICE,
      removedBy: MOD,
      removedReason: "not real hours",
    });
    expect(removed.removedAt).toEqual(at(30));

    const rows = await allEntries(store());
    expect(rows).toHaveLength(2);
    expect(rows.find((e) => e.id === keep.id)?.removedAt).toBeNull();
    expect(await memberTotals(db, GUILD, ALICE)).toEqual({ minutes: 120, buildMinutes: 120 });
    expect((await recentEntries(db, GUILD, ALICE))[0]).toMatchObject({ id: bad.id, removedBy: MOD });
  });

  it("removes projects too", async () => {
    const { db } = store();
    const p = await logProject(
      db,
      member(ALICE),
      interactionId(),
      { name: "x", url: "https://x.example.com" },
      NOW,
    );
    expect(await removeEntry(db, GUILD, { id: p.entry.id, reason: "spam link" }, MOD, at(1))).toMatchObject({
      type: "project",
      removedReason: "spam link",
    });
  });

  it("refuses bad ids and reasons, changing nothing", async () => {
    const { db } = store();
    const e = (await logHours(db, member(ALICE), interactionId(), { hours: 1, kind: "build" }, NOW)).entry;
    const before = await allEntries(store());
    for (const id of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expectUserError(() => removeEntry(db, GUILD, { id, reason: "spam" }, MOD, at(1)), /whole number/);
    }
    await expectUserError(
      () => removeEntry(db, GUILD, { id: e.id, reason: "" }, MOD, at(1)),
      /Give a reason/,
    );
    await expectUserError(
      () => removeEntry(db, GUILD, { id: e.id, reason: "   " }, MOD, at(1)),
      /Give a reason/,
    );
    await expectUserError(
      () => removeEntry(db, GUILD, { id: e.id, reason: "x".repeat(301) }, MOD, at(1)),
      /at most 300 characters/,
    );
    expect(await allEntries(store())).toEqual(before);
    // 300 characters is still fine
    expect(
      (await removeEntry(db, GUILD, { id: e.id, reason: "x".repeat(300) }, MOD, at(1))).removedReason,
    ).toHaveLength(300);
  });

  it("treats an unknown id and another guild's id the same, never touching the other guild", async () => {
    const { db } = store();
    await logHours(db, member(ALICE), interactionId(), { hours: 1, kind: "build" }, NOW);
    const foreign = (
      await logHours(db, member(ALICE, OTHER_GUILD), interactionId(), { hours: 1, kind: "build" }, NOW)
    ).entry;
    const before = await allEntries(store());

    const messageFor = async (id: number) => {
      try {
        await removeEntry(db, GUILD, { id, reason: "spam" }, MOD, at(1));
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message.replace(`#${id}`, "#ID");
      }
      throw new Error("expected a refusal");
    };
    const foreignMessage = await messageFor(foreign.id);
    expect(foreignMessage).toMatch(/^No entry #ID in this server\. \/mod entries member:/);
    expect(await messageFor(9999)).toBe(foreignMessage);
    expect(await allEntries(store())).toEqual(before);
  });

  it("refuses an entry that was already removed, saying by whom, and keeps the first removal", async () => {
    const { db } = store();
    const e = (await logHours(db, member(ALICE), interactionId(), { hours: 1, kind: "build" }, NOW)).entry;
    await removeEntry(db, GUILD, { id: e.id, reason: "duplicate" }, MOD, at(1));
    const before = await allEntries(store());
    await expectUserError(
      () => removeEntry(db, GUILD, { id: e.id, reason: "again" }, "901", at(2)),
      new RegExp(`already removed by <@${MOD}> on <t:${at(1).getTime() / 1000}:f> \\(reason: duplicate\\)`),
    );
    expect(await allEntries(store())).toEqual(before);

    const undone = (await logHours(db, member(ALICE), interactionId(), { hours: 1, kind: "learn" }, at(3)))
      .entry;
    await undoLast(db, GUILD, ALICE, at(4));
    await expectUserError(
      () => removeEntry(db, GUILD, { id: undone.id, reason: "spam" }, MOD, at(5)),
      /already removed by <@201>.*reason: undo/,
    );
  });
});
