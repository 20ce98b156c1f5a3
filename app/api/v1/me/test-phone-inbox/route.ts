import { handler } from "@/lib/api/handler";
import { testPhoneInbox } from "@/lib/services/text-message-log";

export const GET = handler("signed-in", ({ who }) => testPhoneInbox(who));
