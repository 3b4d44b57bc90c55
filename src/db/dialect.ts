/**
 * The SQL that differs between SQLite and PostgreSQL, behind one interface:
 * one small module per dialect (./sqlite/dialect.ts, ./pg/dialect.ts), chosen
 * by the process's dialect (./tables.ts) at call time. Nothing else in domain
 * code branches on the engine; SQL both accept (`case when`, `count(*)`,
 * `on conflict`) is written once, in place.
 */
import type { SQL, SQLWrapper } from "drizzle-orm";
import { pgDialect } from "./pg/dialect";
import { sqliteDialect } from "./sqlite/dialect";
import { dialect } from "./tables";

export interface DialectSql {
  /** a 'YYYY-MM-DD' date as a day number: the difference of two is the days between them */
  dayNumber(date: SQLWrapper | string): SQL;
  /** `(subquery)` of the text values of a JSON array of strings, for `x in …` */
  inJsonList(json: string): SQL;
  /** 1-based position of `needle` in `haystack`, 0 when absent */
  position(needle: SQLWrapper | string, haystack: SQLWrapper | string): SQL;
  /** `column` is true, spelled as the partial indexes on it are (so the planner can use them) */
  isTrue(column: SQLWrapper): SQL;
  /** whether a driver error code is a unique (or primary-key) violation */
  isUniqueViolation(code: unknown): boolean;
}

/** The dialect SQL of this process's engine. */
export function dialectSql(): DialectSql {
  return dialect() === "pg" ? pgDialect : sqliteDialect;
}
