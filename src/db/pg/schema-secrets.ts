import { pgTable, text } from "drizzle-orm/pg-core";
import { instant } from "./columns";

/** PostgreSQL twin of src/db/schema-secrets.ts. */
export const secrets = pgTable("secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: instant("created_at").notNull(),
});
