import { db } from "../db";
import type { Tx } from "./transaction";

export function findTextMessagingSetup(mailboxId: string, tx: Tx = db) {
  return tx.textMessagingSetup.findUnique({ where: { mailboxId } });
}
