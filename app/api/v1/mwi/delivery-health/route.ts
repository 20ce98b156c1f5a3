import { handler } from "@/lib/api/handler";
import { deliveryHealth } from "@/lib/services/mwi-delivery-health";

export const GET = handler("admin", () => deliveryHealth());
