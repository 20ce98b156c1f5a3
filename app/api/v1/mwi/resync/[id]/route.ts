import { handler } from "@/lib/api/handler";
import { getResyncJob } from "@/lib/services/mwi-resync";

export const GET = handler<{ id: string }>("admin", ({ params }) => getResyncJob(params.id));
