import { findMailboxByUserId } from "../data/mailboxes";
import type { Principal } from "../auth/principal";
import { toMailboxDto, type MailboxDto } from "./mailboxes";

export async function whoAmI(who: Principal): Promise<{ name: string; role: string; mailbox: MailboxDto | null }> {
  const mailbox = who.userId ? await findMailboxByUserId(who.userId) : null;
  return { name: who.name, role: who.role, mailbox: mailbox ? toMailboxDto(mailbox) : null };
}
