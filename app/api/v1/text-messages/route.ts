import { handler } from "@/lib/api/handler";
import { textMessageLog } from "@/lib/services/text-message-log";

export const GET = handler("admin", ({ query }) => textMessageLog({ ...query, mailboxId: query.raw.get("mailboxId") ?? undefined }));
