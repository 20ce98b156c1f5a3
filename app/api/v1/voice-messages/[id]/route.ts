import { handler, jsonBody } from "@/lib/api/handler";
import { deleteVoiceMessage, updateVoiceMessage } from "@/lib/services/voice-messages";

// Owners (OWA) and admins; others get 404.
export const PATCH = handler<{ id: string }>("signed-in", async ({ req, who, params }) =>
  updateVoiceMessage(params.id, await jsonBody(req), who));
export const DELETE = handler<{ id: string }>("signed-in", ({ who, params }) => deleteVoiceMessage(params.id, who));
