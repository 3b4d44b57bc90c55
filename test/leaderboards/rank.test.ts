import { describe, expect, it } from "vitest";
import { compareTies, rankMembers } from "../../src/leaderboards/rank";

const row = (userId: string, displayName: string, points: number) => ({ userId, displayName, points });

describe("rankMembers", () => {
  it("uses competition ranking: ties share a rank and the next rank skips (1, 2, 2, 4)", () => {
    const ranked = rankMembers(
      [row("4", "dee", 1), row("2", "bob", 5), row("1", "amy", 9), row("3", "cat", 5)],
      (r) => r.points,
    );
    expect(ranked.map((r) => [r.displayName, r.rank, r.score])).toEqual([
      ["amy", 1, 9],
      ["bob", 2, 5],
      ["cat", 2, 5],
      ["dee", 4, 1],
    ]);
  });

  it("ties at the top and at the bottom, and a three-way tie", () => {
    const ranked = rankMembers(
      [
        row("1", "a", 3),
        row("2", "b", 3),
        row("3", "c", 2),
        row("4", "d", 2),
        row("5", "e", 2),
        row("6", "f", 1),
      ],
      (r) => r.points,
    );
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 3, 3, 3, 6]);
  });

  it("leaves out zero (and negative or NaN) scores", () => {
    const ranked = rankMembers(
      [row("1", "a", 0), row("2", "b", 2), row("3", "c", -1), row("4", "d", Number.NaN), row("5", "e", 0.5)],
      (r) => r.points,
    );
    expect(ranked.map((r) => [r.userId, r.rank])).toEqual([
      ["2", 1],
      ["5", 2],
    ]);
    expect(rankMembers([row("1", "a", 0)], (r) => r.points)).toEqual([]);
  });

  it("orders ties by display name (case-insensitively, then exactly), then user id, whatever the input order", () => {
    const rows = [
      row("30", "bob", 1),
      row("200000000000000002", "Amy", 1),
      row("100000000000000009", "amy", 1),
      row("20", "Bob", 1),
      row("9", "bob", 1),
    ];
    // "Amy" and "amy" sit together, the exact spelling decides between them; the three "bob"s go by id
    const expected = ["200000000000000002", "100000000000000009", "20", "9", "30"];
    expect(rankMembers(rows, (r) => r.points).map((r) => r.userId)).toEqual(expected);
    expect(rankMembers([...rows].reverse(), (r) => r.points).map((r) => r.userId)).toEqual(expected);
    expect(rankMembers(rows, (r) => r.points).every((r) => r.rank === 1)).toBe(true);
  });

  it("compares snowflake ids numerically, not as text", () => {
    expect(compareTies({ userId: "9", displayName: "x" }, { userId: "10", displayName: "x" })).toBeLessThan(
      0,
    );
    expect(
      compareTies({ userId: "11", displayName: "x" }, { userId: "10", displayName: "x" }),
    ).toBeGreaterThan(0);
  });

  it("keeps the row's own fields", () => {
    const [first] = rankMembers([{ userId: "1", displayName: "a", extra: "kept" }], () => 4);
    expect(first).toEqual({ userId: "1", displayName: "a", extra: "kept", rank: 1, score: 4 });
  });
});
