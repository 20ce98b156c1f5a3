import { handler, jsonBody } from "@/lib/api/handler";
import { createIpGateway, listIpGateways } from "@/lib/services/ip-gateways";

export const GET = handler("admin", ({ query }) =>
  listIpGateways({ ...query, dialPlanId: query.raw.get("dialPlanId") ?? undefined }));
export const POST = handler("admin", async ({ req, who }) => createIpGateway(await jsonBody(req), who), { status: 201 });
