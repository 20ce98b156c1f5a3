import { handler } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/services/api-tokens";

export const DELETE = handler<{ id: string }>("signed-in", ({ who, params }) => revokeApiToken(params.id, who));
