/** SQLite's spelling of the SQL that differs by engine (the interface: ../dialect-sql.ts). */
import { sql } from "drizzle-orm";
import type { DialectSql } from "../dialect-sql";

export const sqliteDialect: DialectSql = {
  dayNumber: (date) => sql`julianday(${date})`,
  inJsonList: (json) => sql`(select value from json_each(${json}))`,
  position: (needle, haystack) => sql`instr(${haystack}, ${needle})`,
  isTrue: (column) => sql`${column} = 1`,
  ascNullsFirst: (column) => sql`${column} asc`,
  isUniqueViolation: (code) => code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY",
};
