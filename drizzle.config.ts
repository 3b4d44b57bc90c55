import { defineConfig } from "drizzle-kit";

/** SQLite (the default engine). PostgreSQL has its own: drizzle.pg.config.ts; `npm run db:generate` runs both. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema*.ts",
  out: "./migrations/sqlite",
});
