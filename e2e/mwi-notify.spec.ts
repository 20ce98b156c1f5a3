// The whole path a voice-mail platform drives: POST to the API → web writes state + outbox →
// sip-worker → an RFC 3842 NOTIFY at a real PBX (sipp), within a second.
import { expect, test } from "@playwright/test";
import { waitFor } from "../tests/support/processes";
import { adminAuth, pbxOnDemoGateway } from "./fixtures";

const pbx = pbxOnDemoGateway();

function notifiesTo(extension: string, since: number) {
  return pbx().notifies().filter((m) => m.text.startsWith(`NOTIFY sip:${extension}@`) && m.receivedAt >= since - 1000);
}

test("a voice message posted through the API lights the lamp at the PBX; hearing it turns it off", async ({ request }) => {
  // Megan has one unheard (protected) message from the seed.
  const before = await (await request.get("/api/v1/mailboxes/meganb/mwi", { headers: adminAuth })).json();
  expect(before).toMatchObject({ newCount: 1, oldCount: 0, mwiAllowed: true });

  const postedAt = Date.now();
  const posted = await request.post("/api/v1/mailboxes/meganb/voice-messages", {
    headers: adminAuth,
    data: { callerId: "+14255550177", durationSeconds: 25, urgent: true, protected: false, preview: "Board meeting moved to 3" },
  });
  expect(posted.status()).toBe(201);
  const message = await posted.json();

  const on = await waitFor("NOTIFY 2/0 (1/0) for 4002", () =>
    notifiesTo("4002", postedAt).find((m) => m.text.includes("Voice-Message: 2/0 (1/0)")), 5_000, 20);
  expect(on.receivedAt - postedAt).toBeLessThan(1_000);
  expect(on.text).toMatch(/^NOTIFY sip:4002@127\.0\.0\.1:15070;transport=tcp SIP\/2\.0\r\n/);
  expect(on.text).toContain("\r\nEvent: message-summary\r\n");
  expect(on.text).toContain("\r\nSubscription-State: terminated\r\n");
  expect(on.text).toContain("\r\nContent-Type: application/simple-message-summary\r\n");
  expect(on.text).toContain("\r\nTo: <sip:4002@127.0.0.1>\r\n");
  expect(on.text).toMatch(/\r\n\r\nMessages-Waiting: yes\r\nMessage-Account: sip:4002@um\.contoso\.com\r\nVoice-Message: 2\/0 \(1\/0\)\r\n$/);

  // The EAC/API shows the delivery: gateway, TCP, 200.
  await expect.poll(async () => (await (await request.get("/api/v1/mailboxes/meganb/mwi", { headers: adminAuth })).json()).lastAttempt, { timeout: 5_000 })
    .toMatchObject({ gatewayName: "PBX 1", transport: "TCP", statusCode: 200, ok: true, messagesWaiting: true });

  // Hear both messages: the last NOTIFY says no, with both counted as old.
  const list = await (await request.get("/api/v1/mailboxes/meganb/voice-messages", { headers: adminAuth })).json();
  expect(list.items.map((m: { id: string }) => m.id)).toContain(message.id);
  const heardAt = Date.now();
  for (const m of list.items) {
    expect((await request.patch(`/api/v1/voice-messages/${m.id}`, { headers: adminAuth, data: { heard: true } })).status()).toBe(200);
  }
  const off = await waitFor("NOTIFY no 0/2 (0/1) for 4002", () =>
    notifiesTo("4002", heardAt).find((m) => m.text.includes("Voice-Message: 0/2 (0/1)")), 5_000, 20);
  expect(off.text).toContain("\r\n\r\nMessages-Waiting: no\r\n");
});

test("with the policy's AllowMessageWaitingIndicator off, a final 'no' goes out, then nothing; the API says why", async ({ request }) => {
  const mailbox = await (await request.get("/api/v1/mailboxes/leeg", { headers: adminAuth })).json();
  const policy = mailbox.umMailboxPolicyId as string;
  // Lee's lamp lit first, so that the switch has a lamp to turn off (whatever ran before).
  const litAt = Date.now();
  expect((await request.post("/api/v1/mailboxes/leeg/voice-messages", {
    headers: adminAuth, data: { callerId: "4001", durationSeconds: 5, urgent: true },
  })).status()).toBe(201);
  await waitFor("NOTIFY yes for 4003", () =>
    notifiesTo("4003", litAt).find((m) => m.receivedAt >= litAt && m.text.includes("Messages-Waiting: yes")), 5_000, 20);
  const newBefore = (await (await request.get("/api/v1/mailboxes/leeg/mwi", { headers: adminAuth })).json()).newCount as number;
  const switchedAt = Date.now();
  const off = await request.patch(`/api/v1/mailbox-policies/${policy}`, { headers: adminAuth, data: { allowMessageWaitingIndicator: false } });
  expect(off.status()).toBe(200);
  try {
    // One last "no" switches the lit lamp off.
    const finalNo = await waitFor("final NOTIFY no for 4003", () =>
      notifiesTo("4003", switchedAt).find((m) => m.receivedAt >= switchedAt && m.text.includes("Messages-Waiting: no")), 5_000, 20);
    expect(finalNo.text).toContain("Voice-Message: 0/0 (0/0)");

    expect((await request.post("/api/v1/mailboxes/leeg/voice-messages", {
      headers: adminAuth, data: { callerId: "4001", durationSeconds: 5 },
    })).status()).toBe(201);
    const mwi = await (await request.get("/api/v1/mailboxes/leeg/mwi", { headers: adminAuth })).json();
    expect(mwi).toMatchObject({ mwiAllowed: false, reason: "PolicyDisallowsMwi", newCount: newBefore + 1 });
    expect(mwi.explanation).toContain("AllowMessageWaitingIndicator set to false");
    await expect.poll(async () => (await (await request.get("/api/v1/mailboxes/leeg/mwi", { headers: adminAuth })).json()).delivery.state,
      { timeout: 5_000 }).toBe("skipped");
    expect(notifiesTo("4003", finalNo.receivedAt).filter((m) => m.receivedAt > finalNo.receivedAt)).toEqual([]);
  } finally {
    await request.patch(`/api/v1/mailbox-policies/${policy}`, { headers: adminAuth, data: { allowMessageWaitingIndicator: true } });
  }
});
