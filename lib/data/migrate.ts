// Applies (and, for developers, creates) Prisma migrations without the Prisma CLI's native
// schema engine, which cannot be downloaded here: @prisma/schema-engine-wasm driven through the
// driver adapter. It writes standard Prisma migration folders and the _prisma_migrations table,
// so the real CLI can take over the same folders on a machine that has it.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "../env";

const require = createRequire(import.meta.url);

function provider() {
  return env.isPostgres ? "postgresql" : "sqlite";
}

function projectRoot(): string {
  // Both `tsx` scripts and the worker run from the project root; allow an override for tests.
  return process.env.LAMPLIGHTER_ROOT ?? process.cwd();
}

async function loadEngine() {
  // The package's index does `import * from "x.wasm"` (needs --experimental-wasm-modules on
  // Node 20), so load the wasm-bindgen glue and the .wasm by hand.
  const glue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bg = await import(pathToFileURL(glue).href);
  const { instance } = await WebAssembly.instantiate(
    fs.readFileSync(path.join(path.dirname(glue), "schema_engine_bg.wasm")),
    { "./schema_engine_bg.js": bg },
  );
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as unknown as { __wbindgen_start(): void }).__wbindgen_start();
  return bg;
}

function migrationsList(migrationsDir: string) {
  fs.mkdirSync(migrationsDir, { recursive: true });
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const dirs = fs.readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => {
      const f = path.join(migrationsDir, d, "migration.sql");
      return {
        path: d,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(f)
            ? { tag: "ok", value: fs.readFileSync(f, "utf8") }
            : { tag: "error", value: "missing migration.sql" },
        },
      };
    }),
  };
}

type AnyAdapter = Record<string, (...args: any[]) => Promise<any>>;

// The engine replays migration.sql files through executeRaw/queryRaw; better-sqlite3's prepare()
// rejects multi-statement SQL, so run argument-less multi-statement SQL as a script instead.
function allowScripts<T extends AnyAdapter>(a: T): T {
  for (const m of ["executeRaw", "queryRaw"] as const) {
    const orig = a[m].bind(a);
    (a as AnyAdapter)[m] = async (q: { sql: string; args?: unknown[] }) => {
      try {
        return await orig(q);
      } catch (e) {
        if (q.args?.length === 0 && /more than one statement/.test(String((e as Error)?.message))) {
          await a.executeScript(q.sql);
          return m === "executeRaw" ? 0 : { columnNames: [], columnTypes: [], rows: [] };
        }
        throw e;
      }
    };
  }
  return a;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

// Two fixes to adapter-pg 7.10 for the schema engine's own use of it:
// - The engine describes a database from pg_catalog, whose flag columns (relkind, contype, …)
//   have PostgreSQL's one-byte "char" type (OID 18). The adapter rejects that OID as an
//   unsupported column type although node-postgres already returns those values as strings, so
//   the migration connection reports them as text (OID 25).
// - Its executeScript splits a migration on every ";" — which breaks a plpgsql function
// body (the outbox wake-up trigger) — so a script is sent whole, as one simple-protocol query:
// PostgreSQL runs its statements in order, in one implicit transaction.
function forMigrations(a: AnyAdapter): AnyAdapter {
  const driver = (a.underlyingDriver as unknown as (() => { query(sql: string): Promise<unknown> }) | undefined)?.call(a);
  if (driver) (a as AnyAdapter).executeScript = async (script: unknown) => { await driver.query(String(script)); };
  const io = a.performIO?.bind(a);
  if (!io) return a;
  (a as AnyAdapter).performIO = async (...args: unknown[]) => {
    const r = await io(...args);
    for (const field of r?.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return r;
  };
  return a;
}

function postgresAdapterFactory(opened: AnyAdapter[]) {
  const u = new URL(env.databaseUrl);
  const config = (database: string) => ({
    host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password), database,
    ssl: /^(require|verify-ca|verify-full)$/.test(u.searchParams.get("sslmode") ?? "") ? { rejectUnauthorized: u.searchParams.get("sslmode") !== "require" } : undefined,
    max: 2,
  });
  const f = new PrismaPg(config(decodeURIComponent(u.pathname.slice(1))));
  return {
    provider: f.provider,
    adapterName: f.adapterName,
    connect: async () => {
      const a = forMigrations((await f.connect()) as unknown as AnyAdapter);
      opened.push(a);
      return a;
    },
    // A throw-away database for `migrate dev` (needs CREATEDB; developers only). Made here, not
    // by the adapter's connectToShadowDb: that one builds the shadow pool from a config in which
    // a connection string would win over the shadow's name, and drops the database before
    // closing its own pool ("being accessed by other users").
    connectToShadowDb: async () => {
      const pg = (await import("pg")).default;
      const name = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, "")}`;
      const admin = new pg.Client(config(decodeURIComponent(u.pathname.slice(1))));
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      const a = forMigrations((await new PrismaPg(config(name)).connect()) as unknown as AnyAdapter);
      const dispose = a.dispose.bind(a);
      a.dispose = async () => {
        await dispose().catch(() => undefined);
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`).finally(() => admin.end());
      };
      opened.push(a);
      return a;
    },
  };
}

function adapterFactory(opened: AnyAdapter[]) {
  if (env.isPostgres) return postgresAdapterFactory(opened);
  const f = new PrismaBetterSqlite3({ url: env.databaseUrl, timeout: 10_000 });
  return {
    provider: f.provider,
    adapterName: f.adapterName,
    connect: async () => {
      const a = allowScripts((await f.connect()) as unknown as AnyAdapter);
      // WAL (persistent in the file) lets the web app read while the worker writes. Switching
      // needs the database to ourselves, which only the migration step has.
      await a.executeScript("PRAGMA journal_mode=WAL");
      opened.push(a);
      return a;
    },
    connectToShadowDb: async () => {
      const a = allowScripts((await f.connectToShadowDb()) as unknown as AnyAdapter);
      opened.push(a);
      return a;
    },
  };
}

export interface MigrateResult {
  applied: string[];
  created?: string;
}

/** Applies pending migrations; with `createName`, first diffs the schema into a new migration. */
export async function migrate(opts: { createName?: string; quiet?: boolean } = {}): Promise<MigrateResult> {
  if (!env.isPostgres) return migrateUnlocked(opts);
  // Several web instances and sip-workers start at once on one PostgreSQL database and each
  // applies pending migrations: one at a time, under a session advisory lock (the key is
  // arbitrary but fixed), so the second finds the work done instead of racing the first.
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: env.databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(7236001)");
    return await migrateUnlocked(opts);
  } finally {
    await client.query("SELECT pg_advisory_unlock(7236001)").catch(() => undefined);
    await client.end();
  }
}

async function migrateUnlocked(opts: { createName?: string; quiet?: boolean }): Promise<MigrateResult> {
  const root = projectRoot();
  const dir = path.join(root, "prisma", provider());
  const migrationsDir = path.join(dir, "migrations");
  if (!env.isPostgres) {
    const file = env.databaseUrl.replace(/^file:/, "");
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(root, file)), { recursive: true });
  }
  const schema = {
    files: fs.readdirSync(dir).filter((f) => f.endsWith(".prisma")).sort()
      .map((f) => ({ path: path.join(dir, f), content: fs.readFileSync(path.join(dir, f), "utf8") })),
  };
  const wasm = await loadEngine();
  const opened: AnyAdapter[] = [];
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory(opened) as never);
  const filters = { externalTables: [], externalEnums: [] };
  const engine = await wasm.SchemaEngine.new(
    { datamodels: schema.files.map((f) => [f.path, f.content]) },
    (log: string) => process.env.DEBUG_MIGRATE && console.error(log),
    adapter,
  );
  try {
    let created: string | undefined;
    if (opts.createName) {
      // Order matters: applyMigrations creates _prisma_migrations, devDiagnostic fills the engine's
      // cache (and opens the shadow DB); createMigration alone fails without both.
      await engine.applyMigrations({ migrationsList: migrationsList(migrationsDir), filters });
      const diag = await engine.devDiagnostic({ migrationsList: migrationsList(migrationsDir), filters });
      if (diag.action.tag === "reset") throw new Error(`migration needs a database reset: ${diag.action.reason}`);
      const out = await engine.createMigration({
        draft: false, migrationName: opts.createName, migrationsList: migrationsList(migrationsDir), schema, filters,
      });
      if (out.migrationScript) {
        const target = path.join(migrationsDir, out.generatedMigrationName);
        fs.mkdirSync(target, { recursive: true });
        fs.writeFileSync(path.join(target, `migration.${out.extension}`), out.migrationScript);
        fs.writeFileSync(path.join(migrationsDir, "migration_lock.toml"),
          `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${out.connectorType}"\n`);
        created = out.generatedMigrationName;
      }
    }
    const out = await engine.applyMigrations({ migrationsList: migrationsList(migrationsDir), filters });
    return { applied: out.appliedMigrationNames, created };
  } catch (e) {
    const m = /External error id#(\d+)/.exec(String((e as Error)?.message));
    if (m) throw new Error(`migration failed: ${String((adapter as any).errorRegistry?.consumeError(Number(m[1]))?.error ?? e)}`);
    throw e;
  } finally {
    engine.free();
    // The engine does not close what it opened; an open handle would keep SQLite's lock state.
    await Promise.all(opened.map((a) => a.dispose().catch(() => undefined)));
  }
}
