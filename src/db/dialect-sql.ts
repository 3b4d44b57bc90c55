/** What each dialect module (./sqlite/dialect.ts, ./pg/dialect.ts) spells its own way; see ./dialect.ts. */
import type { SQL, SQLWrapper } from "drizzle-orm";

export interface DialectSql {
  /** a 'YYYY-MM-DD' date as a day number: the difference of two is the days between them */
  dayNumber(date: SQLWrapper | string): SQL;
  /** `(subquery)` of the text values of a JSON array of strings, for `x in …` */
  inJsonList(json: string): SQL;
  /** 1-based position of `needle` in `haystack`, 0 when absent */
  position(needle: SQLWrapper | string, haystack: SQLWrapper | string): SQL;
  /** `column` is true, spelled as the partial indexes on it are (so the planner can use them) */
  isTrue(column: SQLWrapper): SQL;
  /** ascending with NULLs first (SQLite's ASC; PostgreSQL's ASC puts them last) */
  ascNullsFirst(column: SQLWrapper): SQL;
  /** whether a driver error code is a unique (or primary-key) violation */
  isUniqueViolation(code: unknown): boolean;
}
