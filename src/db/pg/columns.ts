/**
 * Column shapes PostgreSQL needs where SQLite has one integer type, chosen so
 * the JS types equal the SQLite schema's (the same domain code reads both).
 */
import { bigint, customType, integer } from "drizzle-orm/pg-core";

/** An instant: integer milliseconds since the epoch in the database, a Date in JS (as SQLite's timestamp_ms). */
const instantMs = customType<{ data: Date; driverData: string | number }>({
  dataType: () => "bigint",
  toDriver: (value) => value.getTime(),
  // node-postgres hands int8 back as a string (it may exceed 2^53; milliseconds never do)
  fromDriver: (value) => new Date(Number(value)),
});
export const instant = (name: string) => instantMs(name);

/** Milliseconds kept as a number (SQLite: plain integer). */
export const millis = (name: string) => bigint(name, { mode: "number" });

/** An autoincrement id that still accepts explicit values (db:copy keeps ids, then moves the sequence on). */
export const serialId = () => integer("id").primaryKey().generatedByDefaultAsIdentity();
