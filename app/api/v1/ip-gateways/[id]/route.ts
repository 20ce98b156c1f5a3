import { handler, jsonBody } from "@/lib/api/handler";
import { getIpGateway, removeIpGateway, updateIpGateway } from "@/lib/services/ip-gateways";

export const GET = handler<{ id: string }>("admin", ({ params }) => getIpGateway(params.id));
export const PATCH = handler<{ id: string }>("admin", async ({ req, who, params }) => updateIpGateway(params.id, await jsonBody(req), who));
export const DELETE = handler<{ id: string }>("admin", ({ who, params }) => removeIpGateway(params.id, who));
