// The few better-sqlite3 calls the benchmarks use to write a big estate fast (the package ships
// no types and only the benchmarks call it directly; the app goes through Prisma's adapter).
declare module "better-sqlite3" {
  interface Statement {
    run(...params: unknown[]): unknown;
  }
  class Database {
    constructor(filename: string);
    prepare(sql: string): Statement;
    transaction<F extends (...args: never[]) => unknown>(fn: F): F;
    close(): void;
  }
  export default Database;
}
