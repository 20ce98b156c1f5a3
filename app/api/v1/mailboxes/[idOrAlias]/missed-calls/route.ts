import { handler, jsonBody } from "@/lib/api/handler";
import { postMissedCall } from "@/lib/services/voice-messages";

// Voice-mail platforms post every missed call with an API token; `npm start`'s web server calls
// this handler for those directly, without Next's router (web-server/fast-routes.ts).
export const POST = handler<{ idOrAlias: string }>("admin", async ({ req, who, params }) =>
  postMissedCall(params.idOrAlias, await jsonBody(req), who), { status: 201 });
