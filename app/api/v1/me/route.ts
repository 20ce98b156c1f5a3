import { handler } from "@/lib/api/handler";
import { whoAmI } from "@/lib/services/me";

export const GET = handler("signed-in", ({ who }) => whoAmI(who));
