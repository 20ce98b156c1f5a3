import { handler } from "@/lib/api/handler";
import { resendPasscode } from "@/lib/services/text-messaging";

export const POST = handler("signed-in", ({ who }) => resendPasscode(who));
