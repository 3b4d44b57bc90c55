import { describe, expect, it } from "vitest";
import { type EntryRow, toEntry, toHoursEntry, toProjectEntry } from "../../src/entries/entry";

const NOW = new Date("2026-11-22T12:00:00Z");
const row: EntryRow = {
  id: 7,
  guildId: "100000000000000001",
  userId: "200000000000000001",
  type: "hours",
  interactionId: "300000000000000001",
  createdAt: NOW,
  localDate: "2026-11-22",
  minutes: 90,
  kind: "build",
  topic: "databases",
  note: null,
  name: null,
  url: null,
  repo: null,
  description: null,
  removedAt: null,
  removedBy: null,
  removedReason: null,
  liveStatus: null,
  liveReason: null,
  liveCheckedAt: null,
};
const project: EntryRow = {
  ...row,
  type: "project",
  minutes: null,
  kind: null,
  topic: null,
  name: "url-shortener",
  url: "https://short.example.com/",
  repo: "https://github.com/a/b",
};

describe("toEntry", () => {
  it("keeps only the fields of the row's type", () => {
    const { name, url, repo, description, liveStatus, liveReason, liveCheckedAt, ...hours } = row;
    expect(toEntry(row)).toEqual(hours);
    expect(toEntry(project)).toMatchObject({
      type: "project",
      name: "url-shortener",
      repo: "https://github.com/a/b",
    });
    expect(toEntry(project)).not.toHaveProperty("minutes");
  });

  it("refuses a row without the fields its type needs", async () => {
    expect(() => toEntry({ ...row, minutes: null })).toThrow(/entry 7 does not have the shape/);
    expect(() => toEntry({ ...project, url: null })).toThrow(/entry 7 does not have the shape/);
  });

  it("narrows to the expected type or throws", async () => {
    expect(toHoursEntry(row).minutes).toBe(90);
    expect(toProjectEntry(project).url).toBe("https://short.example.com/");
    expect(() => toHoursEntry(project)).toThrow(/is a project, not hours/);
    expect(() => toProjectEntry(row)).toThrow(/is hours, not a project/);
  });
});
