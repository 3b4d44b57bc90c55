import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { entries } from "../../src/db/tables";
import { EPHEMERAL, type InteractionResult, NUMBER, opt, STRING, sub } from "../../src/standin";
import { type Harness, logLines, startHarness } from "./harness";

const CALLBACK = "/interactions/:id/:token/callback";
const logTwoHours = [sub("hours", [opt("hours", NUMBER, 2), opt("kind", STRING, "build")])];

describe("every interaction gets a true answer (issue 9, defects 4 and 6)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.standin.faults.clear();
  });

  const rows = async () => await h.bot.store.db.select().from(entries);
  const lastOutcome = async (before: number) => {
    // log lines are not stand-in state: wait on the harness's log instead
    await h.waitForLog("interaction", () => logLines(h, "interaction").length > before);
    return logLines(h, "interaction").at(-1)?.outcome;
  };

  describe("saved, but the reply failed (defect 4)", () => {
    it("a reply answered 503 on every @discordjs/rest try is sent again: the member reads the real reply", async () => {
      const before = (await rows()).length;
      const logged = logLines(h, "interaction").length;
      h.standin.faults.add({ method: "POST", path: CALLBACK, action: { status: 503 }, times: 4 });
      const r = await h.standin.command({ name: "log", options: logTwoHours });
      expect(r.callback.data?.content).toContain("logged **2 h** of build");
      expect(await rows()).toHaveLength(before + 1);
      expect(await lastOutcome(logged)).toBe("ok");
    });

    it("a reply whose connection dropped after Discord took it counts as sent ('already acknowledged')", async () => {
      const logged = logLines(h, "interaction").length;
      h.standin.faults.add({ method: "POST", path: CALLBACK, action: { drop: "after" }, times: 1 });
      const r = await h.standin.command({ name: "log", options: logTwoHours });
      expect(r.callback.data?.content).toContain("logged **2 h** of build");
      expect(await lastOutcome(logged)).toBe("ok");
      expect(r.followUps()).toEqual([]);
    });

    it("when the reply cannot go out, the answer says what was saved and how to undo it", async () => {
      const logged = logLines(h, "interaction").length;
      h.standin.faults.add({ method: "POST", path: CALLBACK, action: { status: 503 }, times: 8 });
      const r = await h.standin.command({ name: "log", options: logTwoHours });
      const id = (await rows()).at(-1)?.id;
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toContain(`entry #${id} (2 h of build) is saved`);
      expect(r.callback.data?.content).toContain("`/log undo`");
      expect(r.callback.data?.content).not.toContain("Sorry");
      expect(await lastOutcome(logged)).toBe("error");
    });
  });

  describe("outdated commands and components (defect 6)", () => {
    const outdated = (r: InteractionResult) => {
      expect(r.callback.type).toBe(4);
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toMatch(/outdated/);
      expect(r.callback.data?.content).not.toMatch(/error id/);
    };

    it("an unknown command, an unknown subcommand and a missing required option", async () => {
      outdated(await h.standin.command({ name: "retired" }));
      outdated(await h.standin.command({ name: "log", options: [sub("minutes")] }));
      outdated(
        await h.standin.command({ name: "log", options: [sub("hours", [opt("kind", STRING, "build")])] }),
      );
      expect(logLines(h, "interaction").at(-1)?.outcome).toBe("outdated");
    });

    it("an unknown button, a select menu and a form shiplog does not have", async () => {
      outdated(await h.standin.button({ customId: "retired:1" }));
      outdated(await h.standin.select({ customId: "retired-menu", values: ["a"] }));
      outdated(await h.standin.modalSubmit({ customId: "retired-form", fields: { goals: "ship it" } }));
    });

    it("autocomplete of an unknown command gets an empty list", async () => {
      const r = await h.standin.autocomplete({
        name: "retired",
        options: [opt("q", STRING, "a")],
        focused: "q",
      });
      expect(r.callback).toEqual({ type: 8, data: { choices: [] } });
    });
  });
});
