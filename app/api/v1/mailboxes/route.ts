import { handler, jsonBody } from "@/lib/api/handler";
import { createMailbox, listMailboxes } from "@/lib/services/mailboxes";

export const GET = handler("admin", ({ query }) => listMailboxes({
  ...query,
  umMailboxPolicyId: query.raw.get("umMailboxPolicyId") ?? undefined,
  dialPlanId: query.raw.get("dialPlanId") ?? undefined,
}));
export const POST = handler("admin", async ({ req, who }) => createMailbox(await jsonBody(req), who), { status: 201 });
