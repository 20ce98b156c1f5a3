import { handler, jsonBody } from "@/lib/api/handler";
import { createMailboxPolicy, listMailboxPolicies } from "@/lib/services/mailbox-policies";

export const GET = handler("admin", ({ query }) =>
  listMailboxPolicies({ ...query, dialPlanId: query.raw.get("dialPlanId") ?? undefined }));
export const POST = handler("admin", async ({ req, who }) => createMailboxPolicy(await jsonBody(req), who), { status: 201 });
