import { handler } from "@/lib/api/handler";
import { refreshMailboxLamp } from "@/lib/services/mwi-resync";

// The EAC's "Refresh lamp": a resync of one mailbox, 202 with the job.
export const POST = handler<{ idOrAlias: string }>("admin", ({ who, params }) => refreshMailboxLamp(params.idOrAlias, who), { status: 202 });
