import { handler, jsonBody } from "@/lib/api/handler";
import { getMailbox, mailboxFor, removeMailbox, updateMailbox } from "@/lib/services/mailboxes";

type P = { idOrAlias: string };
// Users may read their own mailbox; changing or removing one is an admin's job.
export const GET = handler<P>("signed-in", ({ who, params }) => getMailbox(params.idOrAlias, who));
export const PATCH = handler<P>("admin", async ({ req, who, params }) =>
  updateMailbox((await mailboxFor(params.idOrAlias, who)).id, await jsonBody(req), who));
export const DELETE = handler<P>("admin", async ({ who, params }) =>
  removeMailbox((await mailboxFor(params.idOrAlias, who)).id, who));
