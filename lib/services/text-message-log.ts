// Where texts can be seen without a real phone: the EAC's text message log (admins; passcodes
// masked) and, with the embedded "outbox" provider, the user's own test phone inbox.
import { findMailboxByUserId } from "../data/mailboxes";
import { listSmsForMailbox, listSmsLog } from "../data/sms-outbox";
import { env } from "../env";
import { NotFoundError } from "../errors";
import type { Principal } from "../auth/principal";
import type { ListQuery } from "../validation/common";
import { skipTake } from "./paging";

type Row = Awaited<ReturnType<typeof listSmsForMailbox>>[number];

function dto(r: Row, body: string) {
  return {
    id: r.id, mailboxId: r.mailboxId, kind: r.kind, toNumber: r.toNumber, body, status: r.status, reason: r.reason,
    attempts: r.attempts, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null,
  };
}

/** Admins see every text but never a passcode: the code is the user's secret. */
function maskPasscode(r: Row): string {
  return r.kind === "passcode" ? r.body.replace(/\d{6}/g, "••••••") : r.body;
}

export async function textMessageLog(q: ListQuery & { mailboxId?: string }) {
  const [rows, total] = await listSmsLog({ mailboxId: q.mailboxId, ...skipTake(q) });
  return { items: rows.map((r) => ({ ...dto(r, maskPasscode(r)), mailbox: r.mailbox.displayName })), total, page: q.page, pageSize: q.pageSize, provider: env.smsProvider };
}

/** The texts "your phone" got, when nothing leaves the machine (SMS_PROVIDER=outbox). */
export async function testPhoneInbox(who: Principal) {
  if (env.smsProvider !== "outbox") throw new NotFoundError("Test phone inbox", `SMS_PROVIDER=${env.smsProvider}`);
  const m = who.userId ? await findMailboxByUserId(who.userId) : null;
  if (!m) throw new NotFoundError("Mailbox of", who.name);
  const rows = await listSmsForMailbox(m.id);
  return { items: rows.map((r) => dto(r, r.body)) };
}
