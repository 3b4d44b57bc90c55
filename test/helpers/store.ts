import { afterEach } from "vitest";
import { openStore, type Store } from "../../src/db/client";
import { entries } from "../../src/db/schema";
import type { MemberRef } from "../../src/members/members";

/** A real in-memory SQLite database with the shipped migrations, closed after each test. */
export function useStore(): () => Store {
  let store: Store | undefined;
  afterEach(() => {
    store?.close();
    store = undefined;
  });
  return () => {
    store ??= openStore(":memory:");
    return store;
  };
}

export const GUILD = "100000000000000001";
export const OTHER_GUILD = "100000000000000002";

export function member(userId = "200000000000000001", guildId = GUILD): MemberRef {
  return { guildId, userId, displayName: `user-${userId.slice(-3)}` };
}

/** Every entry row, for "nothing was stored" assertions. */
export function allEntries(store: Store) {
  return store.db.select().from(entries).all();
}

let interactionSeq = 300_000_000_000_000_000n;
export function interactionId(): string {
  interactionSeq += 1n;
  return interactionSeq.toString();
}
