import { UserError } from "../errors";
import { MAC_LENGTH, macOf, verifyMac } from "./signature";

/** Discord's limit on a component's custom id. */
export const MAX_CUSTOM_ID = 100;

/** One typed field of a custom id: written as text without `:`, read back strictly. */
export interface Field<T> {
  format(value: T): string;
  /** the value, or undefined when the text is not exactly what `format` writes */
  parse(text: string): T | undefined;
}

/** A safe integer in [min, max], written in its canonical decimal form (no `+`, `-0` or leading zeros). */
export function int(min = 0, max = Number.MAX_SAFE_INTEGER): Field<number> {
  return {
    format: (value) => {
      if (!Number.isSafeInteger(value) || value < min || value > max) {
        throw new Error(`custom id: ${value} is not an integer in ${min}..${max}`);
      }
      return String(value);
    },
    parse: (text) => {
      if (!/^-?\d{1,16}$/.test(text)) return undefined;
      const n = Number(text);
      return Number.isSafeInteger(n) && String(n) === text && n >= min && n <= max ? n : undefined;
    },
  };
}

const SNOWFLAKE = /^\d{17,20}$/;

/** A Discord id (user, channel, role, message …). */
export const snowflake: Field<string> = {
  format: (value) => {
    if (!SNOWFLAKE.test(value)) throw new Error(`custom id: ${value} is not a Discord id`);
    return value;
  },
  parse: (text) => (SNOWFLAKE.test(text) ? text : undefined),
};

/** One of a fixed set of words (none may contain `:`). */
export function oneOf<const V extends string>(...values: readonly V[]): Field<V> {
  const known = new Set<string>(values);
  return {
    format: (value) => value,
    parse: (text) => (known.has(text) ? (text as V) : undefined),
  };
}

type Fields = Record<string, Field<unknown>>;
export type ValuesOf<F extends Fields> = {
  [K in keyof F]: F[K] extends Field<infer T> ? T : never;
};

/** What a signed id needs when it is written: the key, and the guild it is posted in. */
export interface Seal {
  secret: Uint8Array;
  guildId: string;
}

/** What a signed id is checked against when it is pressed. */
export interface Press extends Seal {
  userId: string;
  now: Date;
}

/**
 * A typed custom id: `prefix:field1:field2…`, fields in the order they are declared.
 * `encode` and `decode` are the only places custom ids are written and read.
 * A signed id (one whose press authorises something) ends with `:<mac>`, an HMAC
 * over the id and the guild; `encode` then needs a Seal and `decode` a Press.
 */
export interface CustomId<V> {
  /** routes the interaction to its owner; unique across all commands */
  readonly prefix: string;
  readonly signed: boolean;
  encode(values: V, seal?: Seal): string;
  /** the values, or a UserError when the id is malformed, forged, expired, someone else's or outdated */
  decode(id: string, press?: Press): V;
  /** whether the id carries this prefix (decoding may still fail) */
  owns(id: string): boolean;
}

type KeysOf<F extends Fields, T> = { [K in keyof F]: F[K] extends Field<T> ? K : never }[keyof F] & string;

/**
 * How an id is signed: which field names the member it was made for and which
 * its expiry (ms since the epoch), and what a press by someone else or too late is told.
 */
export interface Signing<F extends Fields> {
  owner: KeysOf<F, string>;
  expiresAt: KeysOf<F, number>;
  notOwner(ownerId: string): string;
  expired: string;
}

export const OUTDATED = "This button is outdated — run the command again.";

export function customId<const F extends Fields>(
  prefix: string,
  fields: F,
  options: { invalid?: string; signed?: Signing<F> } = {},
): CustomId<ValuesOf<F>> {
  if (!/^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)*$/.test(prefix)) throw new Error(`custom id prefix ${prefix}`);
  const names = Object.keys(fields) as (keyof F & string)[];
  const invalid = options.invalid ?? OUTDATED;
  const signing = options.signed;

  function parse(id: string): ValuesOf<F> {
    const parts = names.length === 0 ? [] : id.slice(prefix.length + 1).split(":");
    if (parts.length !== names.length) throw new UserError(invalid);
    const values: Record<string, unknown> = {};
    for (const [i, name] of names.entries()) {
      const value = (fields[name] as Field<unknown>).parse(parts[i] ?? "");
      if (value === undefined) throw new UserError(invalid);
      values[name] = value;
    }
    return values as ValuesOf<F>;
  }

  /** The id without its MAC, once the MAC proves it was written by us for this guild. */
  function unseal(id: string, press: Press | undefined): string {
    if (!press) throw new Error(`custom id ${prefix} is signed: decode needs the press`);
    const cut = id.length - MAC_LENGTH - 1;
    const body = id.slice(0, Math.max(0, cut));
    if (cut <= 0 || id[cut] !== ":" || !verifyMac(press.secret, press.guildId, body, id.slice(cut + 1))) {
      throw new UserError(invalid);
    }
    return body;
  }

  return {
    prefix,
    signed: signing !== undefined,
    encode(values, seal) {
      const parts = names.map((name) => (fields[name] as Field<unknown>).format(values[name]));
      if (parts.some((p) => p.includes(":"))) throw new Error(`custom id ${prefix}: a field contains ':'`);
      let id = [prefix, ...parts].join(":");
      if (signing) {
        if (!seal) throw new Error(`custom id ${prefix} is signed: encode needs a seal`);
        id = `${id}:${macOf(seal.secret, seal.guildId, id)}`;
      }
      if (id.length > MAX_CUSTOM_ID) throw new Error(`custom id ${prefix} is ${id.length} characters`);
      return id;
    },
    decode(id, press) {
      if (id.length > MAX_CUSTOM_ID || !this.owns(id)) throw new UserError(invalid);
      if (!signing) return parse(id);
      const values = parse(unseal(id, press));
      const owner = values[signing.owner] as string;
      if (press?.userId !== owner) throw new UserError(signing.notOwner(owner));
      if ((press?.now.getTime() ?? 0) >= (values[signing.expiresAt] as number)) {
        throw new UserError(signing.expired);
      }
      return values;
    },
    owns(id) {
      return names.length === 0 && !signing ? id === prefix : id.startsWith(`${prefix}:`);
    },
  };
}
