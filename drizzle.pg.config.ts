import { defineConfig } from "drizzle-kit";

/** PostgreSQL (DATABASE_URL=postgres://…): src/db/pg/schema*.ts mirrors src/db/schema*.ts table for table. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/pg/schema*.ts",
  out: "./migrations/pg",
});
