import { handler, jsonBody } from "@/lib/api/handler";
import { getMailboxPolicy, removeMailboxPolicy, updateMailboxPolicy } from "@/lib/services/mailbox-policies";

export const GET = handler<{ id: string }>("admin", ({ params }) => getMailboxPolicy(params.id));
export const PATCH = handler<{ id: string }>("admin", async ({ req, who, params }) => updateMailboxPolicy(params.id, await jsonBody(req), who));
export const DELETE = handler<{ id: string }>("admin", ({ who, params }) => removeMailboxPolicy(params.id, who));
