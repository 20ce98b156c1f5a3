import { handler, jsonBody } from "@/lib/api/handler";
import { listResyncJobs, startResync } from "@/lib/services/mwi-resync";

export const GET = handler("admin", ({ query }) => listResyncJobs(query.pageSize));
// 202: the job runs in the sip-worker; poll GET /api/v1/mwi/resync/{id} for progress.
export const POST = handler("admin", async ({ req, who }) => startResync(await jsonBody(req), who), { status: 202 });
