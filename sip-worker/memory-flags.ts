// V8 settings for the worker's memory, applied before anything compiles WebAssembly: main.ts
// imports this module first (ES modules run in import order), before lib/db loads Prisma.
//
// Prisma's query compiler (and, for migrations, its schema engine) are large Wasm modules. By
// default V8 compiles them with Liftoff and then again with TurboFan for hot functions, and the
// optimising compiler's working memory and code stay in the process: ~100 MB of the worker's
// resident memory, measured with bench/worker-rss.ts. Liftoff's baseline code alone is enough:
// query compilation is a small part of the worker's CPU, and bench/resync-throughput.ts shows no
// difference within its noise.
import v8 from "node:v8";

v8.setFlagsFromString("--liftoff-only");
