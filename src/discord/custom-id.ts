import { UserError } from "../errors";

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

/**
 * A typed custom id: `prefix:field1:field2…`, fields in the order they are declared.
 * `encode` and `decode` are the only places custom ids are written and read, so a
 * later signature (HMAC) for ids that authorise something goes here and nowhere else.
 */
export interface CustomId<V> {
  /** routes the interaction to its owner; unique across all commands */
  readonly prefix: string;
  encode(values: V): string;
  /** the values, or a UserError when the id is malformed, forged or from an older version */
  decode(id: string): V;
  /** whether the id carries this prefix (decoding may still fail) */
  owns(id: string): boolean;
}

export const OUTDATED = "This button is outdated — run the command again.";

export function customId<const F extends Fields>(
  prefix: string,
  fields: F,
  options: { invalid?: string } = {},
): CustomId<ValuesOf<F>> {
  if (!/^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)*$/.test(prefix)) throw new Error(`custom id prefix ${prefix}`);
  const names = Object.keys(fields) as (keyof F & string)[];
  const invalid = options.invalid ?? OUTDATED;
  return {
    prefix,
    encode(values) {
      const parts = names.map((name) => (fields[name] as Field<unknown>).format(values[name]));
      if (parts.some((p) => p.includes(":"))) throw new Error(`custom id ${prefix}: a field contains ':'`);
      const id = [prefix, ...parts].join(":");
      if (id.length > MAX_CUSTOM_ID) throw new Error(`custom id ${prefix} is ${id.length} characters`);
      return id;
    },
    decode(id) {
      if (id.length > MAX_CUSTOM_ID || !this.owns(id)) throw new UserError(invalid);
      const parts = names.length === 0 ? [] : id.slice(prefix.length + 1).split(":");
      if (parts.length !== names.length) throw new UserError(invalid);
      const values: Record<string, unknown> = {};
      for (const [i, name] of names.entries()) {
        const value = (fields[name] as Field<unknown>).parse(parts[i] ?? "");
        if (value === undefined) throw new UserError(invalid);
        values[name] = value;
      }
      return values as ValuesOf<F>;
    },
    owns(id) {
      return names.length === 0 ? id === prefix : id.startsWith(`${prefix}:`);
    },
  };
}
