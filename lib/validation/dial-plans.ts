// New-UMDialPlan / Set-UMDialPlan parameters.
import { z } from "zod";
import { name64 } from "./common";

export const URI_TYPES = ["TelExtn", "E164", "SipName"] as const;
export const VOIP_SECURITY = ["Unsecured", "SIPSecured", "Secured"] as const;

const fields = {
  name: name64,
  numberOfDigitsInExtension: z.number({ error: "NumberOfDigitsInExtension must be a number from 1 to 20." })
    .int().min(1, "NumberOfDigitsInExtension must be from 1 to 20.").max(20, "NumberOfDigitsInExtension must be from 1 to 20."),
  uriType: z.enum(URI_TYPES, { error: "URIType must be TelExtn, E164 or SipName." }),
  voipSecurity: z.enum(VOIP_SECURITY, { error: "VoIPSecurity must be Unsecured, SIPSecured or Secured." }),
  countryOrRegionCode: z.string().trim().regex(/^\d{1,4}$/, "CountryOrRegionCode is 1 to 4 digits, e.g. 1 or 44."),
};

export const dialPlanCreate = z.object({
  ...fields,
  uriType: fields.uriType.default("TelExtn"),
  voipSecurity: fields.voipSecurity.default("Unsecured"),
}).strict();

// URIType is fixed once the dial plan exists (Exchange: set only by New-UMDialPlan). No defaults
// in updates: zod would apply them to fields the caller left out.
export const dialPlanUpdate = z.object(fields).omit({ uriType: true }).partial().strict();

export type DialPlanCreate = z.infer<typeof dialPlanCreate>;
export type DialPlanUpdate = z.infer<typeof dialPlanUpdate>;

/** The order a dial plan tries its UM IP gateways in (MWI failover order). */
export const dialPlanGatewayOrder = z.object({
  ipGatewayIds: z.array(z.string().min(1)).max(100)
    .refine((ids) => new Set(ids).size === ids.length, "A gateway can be listed only once."),
}).strict();
