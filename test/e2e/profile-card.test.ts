import { createCanvas, loadImage } from "@napi-rs/canvas";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CARD_FILE } from "../../commands/profile";
import { CARD_HEIGHT, CARD_WIDTH, cellOrigin, HEATMAP } from "../../src/cards/profile-card";
import { heatmapStart } from "../../src/profile/card";
import { NUMBER, opt, STRING, sub } from "../../src/standin";
import { addDays } from "../../src/time/dates";
import { editedFiles, embedOf, type Harness, startHarness } from "./harness";

const TODAY = "2026-11-22"; // the harness clock's day (guild time zone UTC)

describe("/profile card, end to end", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    expect(h.standin.unhandled).toEqual([]);
    expect(h.standin.protocolErrors).toEqual([]);
    await h?.close();
  });

  const log = (hours: number, kind: string, date: string) =>
    h.standin.command({
      name: "log",
      options: [
        sub("hours", [opt("hours", NUMBER, hours), opt("kind", STRING, kind), opt("date", STRING, date)]),
      ],
    });

  it("attaches an 800×400 PNG whose heatmap shows logged days apart from empty ones, with the embed", async () => {
    await log(3, "build", addDays(TODAY, -2));
    await log(2, "learn", addDays(TODAY, -1));
    await log(1.5, "build", TODAY);
    const r = await h.standin.command({ name: "profile" });
    expect(r.callback.type).toBe(5); // deferred while the card renders
    const final = await r.final();
    expect(embedOf(final)?.image?.url).toBe(`attachment://${CARD_FILE}`);
    expect(embedOf(final)?.fields?.find((f) => f.name === "Streak")?.value).toBe("3 days (longest 3)");

    const [file] = editedFiles(h, r.token);
    expect(file?.filename).toBe(CARD_FILE);
    expect(file?.data.subarray(1, 4).toString("ascii")).toBe("PNG");
    const image = await loadImage(file?.data ?? Buffer.alloc(0));
    expect([image.width, image.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);

    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(image, 0, 0);
    const first = heatmapStart(TODAY);
    /** the colour at the middle of a day's heatmap cell */
    const colourOf = (date: string) => {
      const { x, y } = cellOrigin(first, date);
      const half = Math.floor(HEATMAP.cell / 2);
      return [...ctx.getImageData(x + half, y + half, 1, 1).data].join(",");
    };
    const empty = colourOf(addDays(TODAY, -10));
    expect(colourOf(addDays(TODAY, -30))).toBe(empty);
    for (const back of [0, 1, 2])
      expect(colourOf(addDays(TODAY, -back)), `${back} days back`).not.toBe(empty);
    // learn and build are shaded apart
    expect(colourOf(addDays(TODAY, -1))).not.toBe(colourOf(addDays(TODAY, -2)));
  });
});
