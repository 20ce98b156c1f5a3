// Demo estate for an empty database: one dial plan (TelExtn, 4 digits, Unsecured), its default
// policy, two gateways, an admin and three users with extensions and voice messages. Goes through
// the same services as the EAC and the API, so the audit log and the MWI outbox are real.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { dbReady } from "../lib/db";
import { countUsers, createUserWithPassword } from "../lib/data/users";
import { transaction } from "../lib/data/transaction";
import type { Principal } from "../lib/auth/principal";
import { createDialPlan } from "../lib/services/dial-plans";
import { listMailboxPolicies } from "../lib/services/mailbox-policies";
import { createIpGateway } from "../lib/services/ip-gateways";
import { createMailbox } from "../lib/services/mailboxes";
import { postVoiceMessage, updateVoiceMessage } from "../lib/services/voice-messages";

const SEED: Principal = { userId: null, name: "seed", role: "admin", via: "env-token" };

function password() {
  return process.env.LAMPLIGHTER_DEMO_PASSWORD || randomBytes(9).toString("base64url");
}

export async function seedIfEmpty(): Promise<boolean> {
  await dbReady();
  if ((await countUsers()) > 0) return false;

  const plan = await createDialPlan({ name: "Contoso HQ", numberOfDigitsInExtension: 4, uriType: "TelExtn",
    voipSecurity: "Unsecured", countryOrRegionCode: "1" }, SEED);
  const policy = (await listMailboxPolicies({ dialPlanId: plan.id, page: 1, pageSize: 1 })).items[0];
  const pbxPort = Number(process.env.DEMO_PBX_PORT || 5070);
  await createIpGateway({ name: "PBX 1", address: "127.0.0.1", port: pbxPort, dialPlanIds: [plan.id] }, SEED);
  await createIpGateway({ name: "PBX 2", address: "127.0.0.1", port: pbxPort + 2, dialPlanIds: [plan.id] }, SEED);

  const creds: string[] = [];
  const adminPassword = password();
  await transaction(async (tx) => createUserWithPassword({
    name: "Lamplighter Admin", email: "admin@contoso.com", role: "admin", passwordHash: await hashPassword(adminPassword),
  }, tx));
  creds.push(`admin   admin@contoso.com   ${adminPassword}   (EAC: /eac)`);

  const people = [
    { displayName: "Alex Wilber", alias: "alexw", extension: "4001" },
    { displayName: "Megan Bowen", alias: "meganb", extension: "4002" },
    { displayName: "Lee Gu", alias: "leeg", extension: "4003" },
  ];
  const messages: Record<string, { callerId: string; durationSeconds: number; urgent?: boolean; protected?: boolean; preview: string; heard?: boolean }[]> = {
    alexw: [
      { callerId: "+14255550123", durationSeconds: 34, urgent: true, preview: "Hi Alex, it's Patti. The Fabrikam contract needs your signature before five today." },
      { callerId: "4002", durationSeconds: 12, preview: "Lunch at noon? Let me know." },
      { callerId: "+12065550188", durationSeconds: 58, preview: "This is the dentist's office confirming Tuesday at 9.", heard: true },
    ],
    meganb: [{ callerId: "4003", durationSeconds: 21, protected: true, preview: "Protected voice message" }],
    leeg: [],
  };
  for (const p of people) {
    const pw = password();
    const m = await createMailbox({ ...p, email: `${p.alias}@contoso.com`, umMailboxPolicyId: policy.id, password: pw }, SEED);
    creds.push(`user    ${p.alias}@contoso.com   ${pw}   (OWA: /owa, extension ${p.extension})`);
    for (const vm of messages[p.alias]) {
      const { heard, ...body } = vm;
      const created = await postVoiceMessage(m.id, body, SEED);
      if (heard) await updateVoiceMessage(created.id, { heard: true }, SEED);
    }
  }

  const text = ["Lamplighter demo sign-in details:", ...creds.map((c) => "  " + c)].join("\n");
  console.log(text);
  const dir = process.env.LAMPLIGHTER_DATA_DIR ?? path.join(process.cwd(), "data");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "demo-sign-in.txt"), text + "\n", { mode: 0o600 });
  console.log(`(also written to ${path.join(dir, "demo-sign-in.txt")})`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("prisma/seed.ts")) {
  const { migrate } = await import("../lib/data/migrate");
  await migrate();
  const seeded = await seedIfEmpty();
  if (!seeded) console.log("database already has users: not seeding");
  process.exit(0);
}
