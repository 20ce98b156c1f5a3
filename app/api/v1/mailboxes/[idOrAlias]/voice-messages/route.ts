import { handler, jsonBody } from "@/lib/api/handler";
import { listVoiceMessages, postVoiceMessage } from "@/lib/services/voice-messages";

type P = { idOrAlias: string };
export const GET = handler<P>("signed-in", ({ who, params, query }) =>
  listVoiceMessages(params.idOrAlias, who, query.page, query.pageSize));
// Voice-mail platforms (call answering) post with an admin API token; `npm start`'s web server
// calls this handler for token calls directly, without Next's router (web-server/fast-routes.ts).
export const POST = handler<P>("admin", async ({ req, who, params }) =>
  postVoiceMessage(params.idOrAlias, await jsonBody(req), who), { status: 201 });
