import { handler, jsonBody } from "@/lib/api/handler";
import { verifyPasscode } from "@/lib/services/text-messaging";

export const POST = handler("signed-in", async ({ req, who }) => verifyPasscode(await jsonBody(req), who));
