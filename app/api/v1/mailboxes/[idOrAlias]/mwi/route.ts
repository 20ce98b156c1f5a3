import { handler } from "@/lib/api/handler";
import { mwiStatus } from "@/lib/services/mwi-status";

export const GET = handler<{ idOrAlias: string }>("signed-in", ({ who, params }) => mwiStatus(params.idOrAlias, who));
