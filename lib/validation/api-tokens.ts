import { z } from "zod";

export const apiTokenCreate = z.object({
  name: z.string().trim().min(1, "Give the token a name, e.g. the script that uses it.").max(64),
}).strict();
