import { handler, jsonBody } from "@/lib/api/handler";
import { postMissedCall } from "@/lib/services/voice-messages";

export const POST = handler<{ idOrAlias: string }>("admin", async ({ req, who, params }) =>
  postMissedCall(params.idOrAlias, await jsonBody(req), who), { status: 201 });
