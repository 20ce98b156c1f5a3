// New-UMIPGateway / Set-UMIPGateway parameters.
import { z } from "zod";
import { id, isIpAddress, name64 } from "./common";

export const GATEWAY_STATUS = ["Enabled", "Disabled", "NoNewCalls"] as const;

export const FQDN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/i;

export const gatewayAddress = z.string().trim().min(1, "Address is required.")
  .refine((a) => isIpAddress(a) || FQDN.test(a), "Address must be an IP address or a fully qualified domain name.");

export const ipGatewayFields = {
  name: name64,
  address: gatewayAddress,
  port: z.number({ error: "Port must be a number from 1 to 65535." }).int()
    .min(1, "Port must be from 1 to 65535.").max(65535, "Port must be from 1 to 65535.").default(5060),
  messageWaitingIndicatorAllowed: z.boolean().default(true),
  status: z.enum(GATEWAY_STATUS, { error: "Status must be Enabled, Disabled or NoNewCalls." }).default("Enabled"),
  dialPlanIds: z.array(id).max(100).default([])
    .refine((ids) => new Set(ids).size === ids.length, "A dial plan can be listed only once."),
};

export const ipGatewayCreate = z.object(ipGatewayFields).strict();
export const ipGatewayUpdate = z.object(ipGatewayFields).partial().strict();

export type IpGatewayCreate = z.infer<typeof ipGatewayCreate>;
export type IpGatewayUpdate = z.infer<typeof ipGatewayUpdate>;
