import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NUMBER, opt, STRING, sub } from "../../src/standin";
import { fieldOf, type Harness, startHarness } from "./harness";

describe("/log hours replies say what the entry did (issue 10 §6)", () => {
  let h: Harness;
  beforeEach(async () => {
    // Monday 2026-11-23: last week ended yesterday
    h = await startHarness({ now: "2026-11-23T12:00:00Z" });
  });
  afterEach(async () => {
    expect(h.standin.unhandled).toEqual([]);
    await h?.close();
  });

  const log = async (hours: number, kind: string, date?: string) => {
    const r = await h.standin.command({
      name: "log",
      options: [
        sub("hours", [
          opt("hours", NUMBER, hours),
          opt("kind", STRING, kind),
          ...(date ? [opt("date", STRING, date)] : []),
        ]),
      ],
    });
    return r.callback.data?.content ?? "";
  };

  it("an entry on a day of last week names the day, that week and its run, never '0 h' or 'streak 0'", async () => {
    const friday = await log(2, "learn", "2026-11-20");
    expect(friday).toMatch(/logged \*\*2 h\*\* of learn for <t:\d+:D>\./);
    expect(friday).toMatch(/That week: \*\*2 h\*\* · build share \*\*0%\*\* \(target 70%\)/);
    expect(friday).toMatch(/that day is part of a \*\*1\*\*-day run/);
    expect(friday).not.toMatch(/\*\*0 h\*\*|streak \*\*0\*\*/);

    const sunday = await log(1, "build", "yesterday");
    expect(sunday).toMatch(/for yesterday\./);
    expect(sunday).toMatch(/That week: \*\*3 h\*\*.*streak \*\*1\*\* day$/m);

    const monday = await log(1.5, "build");
    expect(monday).toMatch(
      /for today\.\nThis week: \*\*1.5 h\*\* · build share \*\*100%\*\* \(target 70% ✓\) · streak \*\*2\*\* days/,
    );
    const more = await log(0.5, "learn");
    expect(more).toMatch(/logged \*\*0.5 h\*\* of learn for today \(\*\*2 h\*\* that day\)\./);
    const undo = await h.standin.command({ name: "log", options: [sub("undo")] });
    expect(undo.callback.data?.content).toMatch(/removed their entry #\d+: 0.5 h of learn for today\.$/);
  });

  it("first-day wording: '1 day', never '1 days' or 'day 0'", async () => {
    await h.standin.command({ name: "pick-stack", options: [opt("stack", STRING, "go")] });
    expect(await log(1, "build")).toMatch(/streak \*\*1\*\* day(?!s)/);
    const profile = await (await h.standin.command({ name: "profile" })).final();
    expect(fieldOf(profile, "Streak")).toBe("1 day (longest 1)");
    expect(fieldOf(profile, "Stack")).toMatch(/· day 1 ·/);
    const stack = await h.standin.command({ name: "stack", options: [sub("show")] });
    expect(stack.callback.data?.content).toMatch(/— day 1, 90 days left/);
  });
});
