// `npm run migrate` (deploy pending migrations) and `npm run migrate:dev -- --name x` (create one).
import { migrate } from "../lib/data/migrate";

const [cmd = "deploy", ...rest] = process.argv.slice(2);
const i = rest.indexOf("--name");
const createName = cmd === "dev" ? (i >= 0 ? rest[i + 1] : "migration") : undefined;
migrate({ createName })
  .then((r) => {
    if (r.created) console.log(`created migration ${r.created}`);
    console.log(r.applied.length ? `applied: ${r.applied.join(", ")}` : "database is up to date");
    process.exit(0);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
