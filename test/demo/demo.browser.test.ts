import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Demo, startDemo } from "../../src/demo/server";

const CHROMIUM = "/usr/bin/chromium";

describe("npm run demo in a browser: a member's whole loop through the page (SPEC §7)", () => {
  let demo: Demo;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}: install it with apt-get install -y chromium`);
    }
    demo = await startDemo({ port: 0 });
    profile = mkdtempSync(join(tmpdir(), "shiplog-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await demo?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("picks a stack, logs hours, answers the daily prompt's form and shows the profile card", async () => {
    const page = await context.newPage();
    await page.goto(demo.url);
    const member = demo.world.members[0];
    if (!member) throw new Error("the demo has no members");
    await page.getByLabel("Acting as").selectOption(member.id);
    /** a click that submits a form: resolves once the page it leads to has loaded */
    const submit = (target: ReturnType<typeof page.locator>) =>
      Promise.all([page.waitForEvent("load"), target.click()]);
    await submit(page.getByRole("button", { name: "Switch member" }));

    const run = async (title: string, fill: (form: ReturnType<typeof page.locator>) => Promise<void>) => {
      const form = page.locator(`form[aria-label="${title}"]`);
      await page.locator("details", { has: form }).locator("summary").click();
      await form.waitFor();
      await fill(form);
      await submit(form.getByRole("button", { name: `Run ${title}` }));
    };
    const newest = () => page.locator("#feed article").first();

    await run("/pick-stack", async (form) => {
      // the stack option has autocomplete: the page asks the bot and fills the datalist
      await form.getByLabel(/^stack/).fill("fast");
      const choice = form.locator("datalist option").first();
      await choice.waitFor({ state: "attached" });
      expect(await choice.getAttribute("value")).toMatch(/fast/);
      await form.getByLabel(/^stack/).fill((await choice.getAttribute("value")) ?? "");
    });
    await expect.poll(() => newest().textContent()).toContain(`${member.name} ran /pick-stack`);

    await run("/log hours", async (form) => {
      await form.getByLabel(/^hours/).fill("2");
      await form.getByLabel(/^kind/).selectOption("build");
    });
    const logged = await newest().textContent();
    expect(logged).toContain(`${member.name} ran /log hours`);
    expect(logged).toMatch(/2 h/);

    await submit(page.getByRole("button", { name: "Next daily prompt" }));
    const prompt = page.locator("#feed article", { hasText: "#daily-prompt" }).first();
    await submit(prompt.getByRole("button", { name: "Log time" }));
    const modal = page.locator("form#modal");
    await modal.getByLabel(/^Hours/).fill("1.5");
    await modal.getByLabel(/learn or build/).fill("learn");
    await submit(modal.getByRole("button", { name: "Submit" }));
    await expect.poll(() => newest().textContent()).toMatch(/logged \d|1\.5 h/);

    await run("/profile", async () => {});
    const card = newest().locator("img").first();
    await card.waitFor();
    // runs in the page: an <img> (the test's tsconfig has no DOM types, so the shape is spelled out)
    const width = await card.evaluate(async (img) => {
      const el = img as unknown as { decode(): Promise<void>; naturalWidth: number };
      await el.decode();
      return el.naturalWidth;
    });
    expect(width).toBeGreaterThan(0);
    expect(demo.world.standin.unhandled).toEqual([]);
  }, 60_000);
});
