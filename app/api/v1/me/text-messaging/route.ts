import { handler, jsonBody } from "@/lib/api/handler";
import {
  getTextMessaging, setTextNotificationChoices, startTextMessaging, turnOffTextMessaging,
} from "@/lib/services/text-messaging";

// The signed-in user's own text messaging setup (OWA › Options › Phone › Text messaging).
export const GET = handler("signed-in", ({ who }) => getTextMessaging(who));
export const PUT = handler("signed-in", async ({ req, who }) => startTextMessaging(await jsonBody(req), who));
export const PATCH = handler("signed-in", async ({ req, who }) => setTextNotificationChoices(await jsonBody(req), who));
export const DELETE = handler("signed-in", ({ who }) => turnOffTextMessaging(who));
