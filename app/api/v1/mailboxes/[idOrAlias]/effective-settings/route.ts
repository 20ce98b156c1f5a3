import { handler } from "@/lib/api/handler";
import { effectiveSettings } from "@/lib/services/effective-settings";

export const GET = handler<{ idOrAlias: string }>("admin", ({ who, params }) => effectiveSettings(params.idOrAlias, who));
