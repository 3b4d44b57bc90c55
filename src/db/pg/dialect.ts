/** PostgreSQL's spelling of the SQL that differs by engine (the interface: ../dialect-sql.ts). */
import { sql } from "drizzle-orm";
import type { DialectSql } from "../dialect-sql";

export const pgDialect: DialectSql = {
  // whole days since a fixed date: differences equal julianday's for the 'YYYY-MM-DD' dates stored
  dayNumber: (date) => sql`((${date})::date - date '2000-01-01')`,
  inJsonList: (json) => sql`(select jsonb_array_elements_text(${json}::jsonb))`,
  position: (needle, haystack) => sql`strpos(${haystack}, ${needle})`,
  isTrue: (column) => sql`${column}`,
  ascNullsFirst: (column) => sql`${column} asc nulls first`,
  // unique_violation (a primary key is a unique index too)
  isUniqueViolation: (code) => code === "23505",
};
