import { z } from "zod";

export const id = z.string().min(1).max(64);
export const name64 = z.string().trim().min(1, "Name is required.").max(64, "Name can be at most 64 characters.")
  // Exchange object names may not contain these characters.
  .regex(/^[^\\/:*?"<>|]+$/, 'Name can\'t contain \\ / : * ? " < > |.');

export const listQuery = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListQuery = z.infer<typeof listQuery> & { raw?: URLSearchParams };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** IPv4 or IPv6 literal; works in the browser too (forms share these schemas). */
export function isIpAddress(a: string): boolean {
  if (IPV4.test(a)) return true;
  if (!a.includes(":") || /[^0-9a-f:.]/i.test(a)) return false;
  try {
    new URL(`http://[${a}]/`);
    return true;
  } catch {
    return false;
  }
}
