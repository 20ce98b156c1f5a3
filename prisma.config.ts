import { defineConfig } from "prisma/config";

// DATABASE_URL (or PRISMA_PROVIDER) picks the provider folder: prisma/<provider>/ holds the
// generator + datasource and a symlink to the shared prisma/models.prisma.
const url = process.env.DATABASE_URL ?? "file:./data/lamplighter.db";
const provider = process.env.PRISMA_PROVIDER ?? (/^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite");

export default defineConfig({
  schema: `prisma/${provider}`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url },
});
