import { describe, expect, it } from "vitest";
import { reminders } from "../../src/db/tables";
import { setMemberTimeZone } from "../../src/members/timezone";
import { createDmQueue } from "../../src/reminders/queue";
import { nextDailyDue, rescheduleDailyReminders, setDailyReminder } from "../../src/reminders/settings";
import { member, useStore } from "../helpers/store";

describe("the DM queue", () => {
  it("sends one at a time, at least 200 ms apart plus jitter (never more than 5 a second)", async () => {
    const waits: number[] = [];
    const order: string[] = [];
    const queue = createDmQueue({
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
    });
    let running = 0;
    const job = (name: string) => async () => {
      running += 1;
      expect(running).toBe(1);
      order.push(name);
      running -= 1;
    };
    await Promise.all(["a", "b", "c"].map((n) => queue.enqueue(job(n))));
    expect(order).toEqual(["a", "b", "c"]);
    expect(waits).toEqual([250, 250]);
    expect(waits.every((ms) => ms >= 200)).toBe(true);
  });

  it("a failing send does not stop the queue; stop drops what has not started", async () => {
    const queue = createDmQueue({ sleep: async () => {} });
    const sent: string[] = [];
    await queue.enqueue(async () => {
      throw new Error("boom");
    });
    await queue.enqueue(async () => {
      sent.push("after");
    });
    await queue.stop();
    await queue.enqueue(async () => {
      sent.push("never");
    });
    expect(sent).toEqual(["after"]);
  });
});

describe("daily reminder times", () => {
  const store = useStore();

  it("the next due instant follows the member's zone, across a DST change", () => {
    // Berlin leaves summer time on 2026-10-25: 20:00 is 18:00Z before, 19:00Z after
    expect(nextDailyDue("Europe/Berlin", 20 * 60, new Date("2026-10-24T18:30:00Z")).toISOString()).toBe(
      "2026-10-25T19:00:00.000Z",
    );
    expect(nextDailyDue("Europe/Berlin", 20 * 60, new Date("2026-10-24T17:59:00Z")).toISOString()).toBe(
      "2026-10-24T18:00:00.000Z",
    );
  });

  it("refuses 25:00 and stores nothing", async () => {
    const { db } = store();
    for (const bad of ["25:00", "7pm", "", "20:60"]) {
      await expect(
        setDailyReminder(db, member(), bad, new Date("2026-11-16T09:00:00Z")),
        bad,
      ).rejects.toThrow(/HH:MM/);
    }
    expect(await db.select().from(reminders)).toEqual([]);
  });

  it("follows a time-zone change: 20:00 stays 20:00 on the member's new clock", async () => {
    const { db } = store();
    const now = new Date("2026-11-16T09:00:00Z");
    await setDailyReminder(db, member(), "20:00", now);
    expect((await db.select().from(reminders).limit(1))[0]?.nextDueAt?.toISOString()).toBe(
      "2026-11-16T20:00:00.000Z",
    );
    await setMemberTimeZone(db, member(), "Asia/Kolkata", now);
    await rescheduleDailyReminders(db, member().guildId, member().userId, now);
    expect((await db.select().from(reminders).limit(1))[0]?.nextDueAt?.toISOString()).toBe(
      "2026-11-16T14:30:00.000Z",
    );
  });
});
