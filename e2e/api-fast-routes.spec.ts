// The calls a voice-mail platform makes per answered call (a voice message, a missed call) are
// answered by the web server's fast routes when they carry a token (web-server/fast-routes.ts),
// and by Next's router otherwise. Both must behave as one API: same answers, same errors, same
// access rules.
import { expect, test, type APIResponse } from "@playwright/test";
import { adminAuth, E2E_PASSWORD } from "./fixtures";

async function problem(res: APIResponse, status: number, field?: string) {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  const body = await res.json();
  expect(body).toMatchObject({ status, instance: expect.stringMatching(/^\/api\/v1\/mailboxes\//) });
  if (field !== undefined) expect(body.field).toBe(field);
  return body as { detail: string };
}

test("token calls and session calls to the voice-message routes give the same answers, errors and access", async ({ playwright, baseURL, request }) => {
  const h = { headers: adminAuth };
  const policy = (await (await request.get("/api/v1/mailbox-policies?q=Contoso", h)).json()).items[0];
  const created = await request.post("/api/v1/mailboxes", {
    ...h, data: { displayName: "Fast Path", alias: "fastpath", email: "fastpath@contoso.com", umMailboxPolicyId: policy.id, extension: "4091" },
  });
  expect(created.status()).toBe(201);
  const path = "/api/v1/mailboxes/fastpath/voice-messages";

  // A token (the fast route) and an admin's browser session (Next's router) post the same way.
  const viaToken = await request.post(path, { ...h, data: { callerId: "+14255550100", durationSeconds: 20, urgent: true } });
  expect(viaToken.status()).toBe(201);
  const admin = await playwright.request.newContext({ baseURL });
  expect((await admin.post("/api/auth/sign-in/email", { data: { email: "admin@contoso.com", password: E2E_PASSWORD }, headers: { origin: baseURL! } })).status()).toBe(200);
  const viaSession = await admin.post(path, { data: { callerId: "+14255550101", durationSeconds: 30 } });
  expect(viaSession.status()).toBe(201);
  const [a, b] = [await viaToken.json(), await viaSession.json()];
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  expect(a).toMatchObject({ callerId: "+14255550100", durationSeconds: 20, urgent: true, heard: false, mailboxId: b.mailboxId });
  const list = await (await request.get(path, h)).json();
  expect(list.items.map((m: { id: string }) => m.id).sort()).toEqual([a.id, b.id].sort());
  expect(await (await request.get("/api/v1/mailboxes/fastpath/mwi", h)).json())
    .toMatchObject({ messagesWaiting: true, newCount: 2, newUrgentCount: 1 });

  const missed = await request.post("/api/v1/mailboxes/fastpath/missed-calls", { ...h, data: { callerId: "+14255550102" } });
  expect(missed.status()).toBe(201);
  expect(await missed.json()).toMatchObject({ callerId: "+14255550102", mailboxId: b.mailboxId, occurredAt: expect.any(String) });

  // Errors from the fast route: problem+json naming the field, as everywhere else.
  await problem(await request.post(path, { ...h, data: { callerId: "+14255550100", durationSeconds: "ten" } }), 422, "durationSeconds");
  await problem(await request.post(path, { headers: { ...adminAuth, "content-type": "text/plain" }, data: "hello" }), 415);
  await problem(await request.post(path, { headers: { ...adminAuth, "content-type": "application/json" }, data: "{not json" }), 422, "");
  await problem(await request.post("/api/v1/mailboxes/nobody/voice-messages", { ...h, data: { callerId: "+14255550100", durationSeconds: 5 } }), 404);
  await problem(await request.post(path, { headers: { authorization: "Bearer not-a-token" }, data: { callerId: "+1", durationSeconds: 5 } }), 401);
  const huge = JSON.stringify({ callerId: "+14255550100", durationSeconds: 5, preview: "x".repeat(1_100_000) });
  expect((await problem(await request.post(path, { headers: { ...adminAuth, "content-type": "application/json" }, data: huge }), 413)).detail)
    .toContain("larger than");
  // A user's own token has the user's role: voice messages are posted by admins (platforms) only.
  const megan = await playwright.request.newContext({ baseURL });
  expect((await megan.post("/api/auth/sign-in/email", { data: { email: "meganb@contoso.com", password: E2E_PASSWORD }, headers: { origin: baseURL! } })).status()).toBe(200);
  const userToken = (await (await megan.post("/api/v1/api-tokens", { data: { name: "my script" } })).json()).token;
  await problem(await request.post("/api/v1/mailboxes/meganb/voice-messages", {
    headers: { authorization: `Bearer ${userToken}` }, data: { callerId: "+14255550100", durationSeconds: 5 },
  }), 403);
  // Nothing of the refused calls was written.
  expect((await (await request.get(path, h)).json()).total).toBe(2);
});
