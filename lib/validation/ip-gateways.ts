// New-UMIPGateway / Set-UMIPGateway parameters.
import { z } from "zod";
import { id, isIpAddress, name64 } from "./common";

export const GATEWAY_STATUS = ["Enabled", "Disabled", "NoNewCalls"] as const;
export const IP_ADDRESS_FAMILY = ["IPv4Only", "IPv6Only", "Any"] as const;
// null: the dial plan's VoIP security decides (TCP, or TLS when secured); UDP is a per-gateway extra.
export const TRANSPORT_OVERRIDE = ["UDP"] as const;

export const FQDN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/i;

export const gatewayAddress = z.string().trim().min(1, "Address is required.")
  .refine((a) => isIpAddress(a) || FQDN.test(a), "Address must be an IP address or a fully qualified domain name.");

// No defaults here: an update must leave out what it doesn't change (zod applies a default even
// inside .partial()), so the Exchange defaults are added for creation only.
export const ipGatewayFields = {
  name: name64,
  address: gatewayAddress,
  port: z.number({ error: "Port must be a number from 1 to 65535." }).int()
    .min(1, "Port must be from 1 to 65535.").max(65535, "Port must be from 1 to 65535."),
  messageWaitingIndicatorAllowed: z.boolean(),
  status: z.enum(GATEWAY_STATUS, { error: "Status must be Enabled, Disabled or NoNewCalls." }),
  outcallsAllowed: z.boolean(),
  ipAddressFamily: z.enum(IP_ADDRESS_FAMILY, { error: "IPAddressFamily must be IPv4Only, IPv6Only or Any." }),
  transport: z.enum(TRANSPORT_OVERRIDE, { error: 'Transport must be null (by the dial plan\'s VoIP security) or "UDP".' }).nullable(),
  dialPlanIds: z.array(id).max(100)
    .refine((ids) => new Set(ids).size === ids.length, "A dial plan can be listed only once."),
};

export const ipGatewayCreate = z.object({
  ...ipGatewayFields,
  port: ipGatewayFields.port.default(5060),
  messageWaitingIndicatorAllowed: ipGatewayFields.messageWaitingIndicatorAllowed.default(true),
  status: ipGatewayFields.status.default("Enabled"),
  outcallsAllowed: ipGatewayFields.outcallsAllowed.default(true),
  ipAddressFamily: ipGatewayFields.ipAddressFamily.default("IPv4Only"),
  transport: ipGatewayFields.transport.default(null),
  dialPlanIds: ipGatewayFields.dialPlanIds.default([]),
}).strict();
export const ipGatewayUpdate = z.object(ipGatewayFields).partial().strict();

export type IpGatewayCreate = z.infer<typeof ipGatewayCreate>;
export type IpGatewayUpdate = z.infer<typeof ipGatewayUpdate>;
