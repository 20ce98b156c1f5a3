import { z } from "zod";

export const RESYNC_SCOPES = ["Mailbox", "Gateway", "DialPlan", "All"] as const;
export type ResyncScope = (typeof RESYNC_SCOPES)[number];

/** POST /api/v1/mwi/resync: what to re-send. `id` names the mailbox (id or alias), gateway or dial plan. */
export const mwiResyncCreate = z.object({
  scope: z.enum(RESYNC_SCOPES, { error: "scope must be Mailbox, Gateway, DialPlan or All." }),
  id: z.string().trim().min(1).max(200).optional(),
}).strict().superRefine((v, ctx) => {
  if (v.scope !== "All" && !v.id) ctx.addIssue({ code: "custom", path: ["id"], message: `A ${v.scope} resync needs the id of the ${v.scope === "DialPlan" ? "UM dial plan" : v.scope === "Gateway" ? "UM IP gateway" : "mailbox"}.` });
  if (v.scope === "All" && v.id) ctx.addIssue({ code: "custom", path: ["id"], message: "A resync of everyone takes no id." });
});

export type MwiResyncCreate = z.infer<typeof mwiResyncCreate>;
