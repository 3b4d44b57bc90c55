/**
 * The SQL that differs between SQLite and PostgreSQL, behind one interface:
 * one small module per dialect (./sqlite/dialect.ts, ./pg/dialect.ts), chosen
 * by the process's dialect (./tables.ts) at call time. Nothing else in domain
 * code branches on the engine; SQL both accept (`case when`, `count(*)`,
 * `on conflict`) is written once, in place.
 */
import type { DialectSql } from "./dialect-sql";
import { pgDialect } from "./pg/dialect";
import { sqliteDialect } from "./sqlite/dialect";
import { dialect } from "./tables";

export type { DialectSql };

/** The dialect SQL of this process's engine. */
export function dialectSql(): DialectSql {
  return dialect() === "pg" ? pgDialect : sqliteDialect;
}
