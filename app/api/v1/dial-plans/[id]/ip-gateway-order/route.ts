import { handler, jsonBody } from "@/lib/api/handler";
import { reorderDialPlanGateways } from "@/lib/services/dial-plans";

export const PUT = handler<{ id: string }>("admin", async ({ req, who, params }) =>
  reorderDialPlanGateways(params.id, await jsonBody(req), who));
