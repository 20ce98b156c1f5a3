import { handler, jsonBody } from "@/lib/api/handler";
import { getDialPlan, removeDialPlan, updateDialPlan } from "@/lib/services/dial-plans";

export const GET = handler<{ id: string }>("admin", ({ params }) => getDialPlan(params.id));
export const PATCH = handler<{ id: string }>("admin", async ({ req, who, params }) => updateDialPlan(params.id, await jsonBody(req), who));
export const DELETE = handler<{ id: string }>("admin", ({ who, params }) => removeDialPlan(params.id, who));
