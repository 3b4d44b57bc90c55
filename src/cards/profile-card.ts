/**
 * Draws the profile card (SPEC §3.15) as an 800×400 PNG. Only the bundled
 * DejaVu Sans is used, registered by path, so the card looks the same on every
 * host whatever fonts it has installed.
 */
import { createRequire } from "node:module";
import { type Canvas, createCanvas, GlobalFonts, type SKRSContext2D } from "@napi-rs/canvas";
import type { CardData, DayMinutes } from "../profile/card";
import { HEATMAP_WEEKS } from "../profile/card";
import { addDays, daysBetween } from "../time/dates";

export const CARD_WIDTH = 800;
export const CARD_HEIGHT = 400;
const FONT = "ShiplogDejaVuSans";

let fontsReady = false;
function registerFonts(): void {
  if (fontsReady) return;
  const require = createRequire(import.meta.url);
  for (const file of ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]) {
    GlobalFonts.registerFromPath(require.resolve(`dejavu-fonts-ttf/ttf/${file}`), FONT);
  }
  fontsReady = true;
}

const COLOURS = {
  background: "#1b1d2a",
  panel: "#252839",
  text: "#f2f3f7",
  muted: "#a3a8c3",
  empty: "#2f3347",
  bar: "#3a3f58",
  accent: "#f0b429",
};

/** Learn is blue, build is green; a day's hue sits between them by its build share. */
const LEARN_HUE = 212;
const BUILD_HUE = 142;

/** A logged day's colour: hue by build share, lightness by minutes (four steps, like a contribution graph). */
export function dayColour(day: Pick<DayMinutes, "learn" | "build">): string {
  const total = day.learn + day.build;
  if (total <= 0) return COLOURS.empty;
  const hue = Math.round(LEARN_HUE + (BUILD_HUE - LEARN_HUE) * (day.build / total));
  const step = total < 60 ? 0 : total < 120 ? 1 : total < 240 ? 2 : 3;
  const lightness = [30, 40, 50, 62][step];
  return `hsl(${hue}, 65%, ${lightness}%)`;
}

export const HEATMAP = { left: 32, top: 250, cell: 12, gap: 2 } as const;

/** Top-left pixel of a day's heatmap cell: weeks are columns (oldest left), Monday on top. */
export function cellOrigin(firstDay: string, date: string): { x: number; y: number } {
  const offset = daysBetween(firstDay, date);
  const pitch = HEATMAP.cell + HEATMAP.gap;
  return { x: HEATMAP.left + Math.floor(offset / 7) * pitch, y: HEATMAP.top + (offset % 7) * pitch };
}

function font(ctx: SKRSContext2D, size: number, bold = false): void {
  ctx.font = `${bold ? "bold " : ""}${size}px ${FONT}`;
}

/** Text clipped with an ellipsis to `max` pixels wide. */
function fitText(ctx: SKRSContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > max) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const hours = (minutes: number) => `${Number((minutes / 60).toFixed(1))} h`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function stat(
  ctx: SKRSContext2D,
  [x, w]: readonly [number, number],
  label: string,
  value: string,
  sub: string,
) {
  ctx.fillStyle = COLOURS.panel;
  ctx.beginPath();
  ctx.roundRect(x, 104, w, 104, 10);
  ctx.fill();
  ctx.fillStyle = COLOURS.muted;
  font(ctx, 13);
  ctx.fillText(label.toUpperCase(), x + 14, 128);
  ctx.fillStyle = COLOURS.text;
  // long values (milestone names) step down in size before they are clipped
  const fits = (px: number) => {
    font(ctx, px, true);
    return ctx.measureText(value).width <= w - 28;
  };
  const size = [26, 22, 18, 15].find(fits) ?? 15;
  font(ctx, size, true);
  ctx.fillText(fitText(ctx, value, w - 28), x + 14, 164);
  ctx.fillStyle = COLOURS.muted;
  font(ctx, 13);
  ctx.fillText(fitText(ctx, sub, w - 28), x + 14, 192);
}

function header(ctx: SKRSContext2D, data: CardData): void {
  ctx.fillStyle = COLOURS.text;
  font(ctx, 30, true);
  ctx.fillText(fitText(ctx, data.displayName, 560), 32, 56);
  ctx.fillStyle = COLOURS.muted;
  font(ctx, 16);
  const stack = data.stack ? `${data.stack.label} · day ${data.stack.day}` : "No stack picked yet";
  ctx.fillText(fitText(ctx, stack, 560), 32, 84);
  ctx.fillStyle = COLOURS.accent;
  font(ctx, 16, true);
  ctx.textAlign = "right";
  ctx.fillText("shiplog", CARD_WIDTH - 32, 56);
  ctx.textAlign = "left";
}

/** The four stat panels, [left, width]: the milestone's is wider, its names are long. */
const PANELS = [
  [32, 150],
  [194, 150],
  [356, 150],
  [518, 254],
] as const;

function stats(ctx: SKRSContext2D, data: CardData): void {
  const [streak, total, share, milestone] = PANELS;
  stat(
    ctx,
    streak,
    "Streak",
    plural(data.streak, "day", "days"),
    `longest ${plural(data.longestStreak, "day", "days")}`,
  );
  stat(ctx, total, "Total", hours(data.totalMinutes), "learn + build");
  const value = data.buildShare === null ? "—" : `${data.buildShare}%`;
  const onTarget = data.buildShare !== null && data.buildShare >= data.buildTargetPercent;
  stat(ctx, share, "Build share", value, `target ${data.buildTargetPercent}%${onTarget ? " ✓" : ""}`);
  const next = data.next;
  stat(
    ctx,
    milestone,
    "Next milestone",
    next ? next.label : "All reached",
    next ? next.detail : "every one of them",
  );
  if (next) {
    const [x, w] = milestone;
    ctx.fillStyle = COLOURS.bar;
    ctx.fillRect(x + 14, 198, w - 28, 4);
    ctx.fillStyle = COLOURS.accent;
    ctx.fillRect(x + 14, 198, Math.round((w - 28) * next.progress), 4);
  }
}

function heatmap(ctx: SKRSContext2D, data: CardData): void {
  ctx.fillStyle = COLOURS.muted;
  font(ctx, 13);
  ctx.fillText(`Last ${HEATMAP_WEEKS} weeks`, HEATMAP.left, HEATMAP.top - 12);
  const logged = new Map(data.days.map((d) => [d.date, d]));
  const span = daysBetween(data.firstDay, data.today);
  for (let i = 0; i <= span; i++) {
    const date = addDays(data.firstDay, i);
    const { x, y } = cellOrigin(data.firstDay, date);
    ctx.fillStyle = dayColour(logged.get(date) ?? { learn: 0, build: 0 });
    ctx.fillRect(x, y, HEATMAP.cell, HEATMAP.cell);
  }
  // legend: the two ends of the hue scale
  const legendY = HEATMAP.top + 7 * (HEATMAP.cell + HEATMAP.gap) + 16;
  font(ctx, 13);
  let x = HEATMAP.left;
  for (const [label, day] of [
    ["learn", { learn: 180, build: 0 }],
    ["build", { learn: 0, build: 180 }],
    ["less", { learn: 0, build: 30 }],
    ["more", { learn: 0, build: 300 }],
  ] as const) {
    ctx.fillStyle = dayColour(day);
    ctx.fillRect(x, legendY - 10, HEATMAP.cell, HEATMAP.cell);
    ctx.fillStyle = COLOURS.muted;
    ctx.fillText(label, x + HEATMAP.cell + 6, legendY);
    x += HEATMAP.cell + 18 + ctx.measureText(label).width;
  }
}

/** Draws the card (synchronous: text and a few hundred rectangles). */
export function drawProfileCard(data: CardData): Canvas {
  registerFonts();
  const canvas = createCanvas(CARD_WIDTH, CARD_HEIGHT);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = COLOURS.background;
  ctx.fillRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
  header(ctx, data);
  stats(ctx, data);
  heatmap(ctx, data);
  return canvas;
}

/** The card as a PNG. PNG encoding, the slow part, runs on libuv's thread pool, off the event loop. */
export function renderProfileCard(data: CardData): Promise<Buffer> {
  return drawProfileCard(data).encode("png");
}
