import { handler, jsonBody } from "@/lib/api/handler";
import { createApiToken, listApiTokens } from "@/lib/services/api-tokens";

// Tokens act as their owner with the owner's role; anyone signed in may make their own.
export const GET = handler("signed-in", ({ who }) => listApiTokens(who));
export const POST = handler("signed-in", async ({ req, who }) => createApiToken(await jsonBody(req), who), { status: 201 });
