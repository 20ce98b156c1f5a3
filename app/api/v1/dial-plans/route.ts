import { handler, jsonBody } from "@/lib/api/handler";
import { createDialPlan, listDialPlans } from "@/lib/services/dial-plans";

export const GET = handler("admin", ({ query }) => listDialPlans(query));
export const POST = handler("admin", async ({ req, who }) => createDialPlan(await jsonBody(req), who), { status: 201 });
