import { expect, test } from "@playwright/test";
import { adminAuth, E2E_PASSWORD } from "./fixtures";

async function session(baseURL: string, request: import("@playwright/test").APIRequestContext, email: string) {
  const r = await request.post("/api/auth/sign-in/email", {
    data: { email, password: E2E_PASSWORD }, headers: { origin: baseURL },
  });
  expect(r.status()).toBe(200);
}

test("admin routes need the admin role; users reach only their own mailbox", async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL });
  const r401 = await anon.get("/api/v1/dial-plans");
  expect(r401.status()).toBe(401);
  expect(r401.headers()["content-type"]).toContain("application/problem+json");
  expect((await anon.get("/api/v1/dial-plans", { headers: { authorization: "Bearer wrong" } })).status()).toBe(401);

  const megan = await playwright.request.newContext({ baseURL });
  await session(baseURL!, megan, "meganb@contoso.com");
  for (const path of ["/api/v1/dial-plans", "/api/v1/mailbox-policies", "/api/v1/ip-gateways", "/api/v1/mailboxes", "/api/v1/audit-log"]) {
    expect((await megan.get(path)).status(), path).toBe(403);
  }
  expect((await megan.post("/api/v1/ip-gateways", { data: { name: "x", address: "10.0.0.1" } })).status()).toBe(403);
  expect((await megan.get("/api/v1/mailboxes/meganb/mwi")).status()).toBe(200);
  // Someone else's mailbox, voice mail and messages look like they don't exist.
  expect((await megan.get("/api/v1/mailboxes/alexw")).status()).toBe(404);
  expect((await megan.get("/api/v1/mailboxes/alexw/voice-messages")).status()).toBe(404);
  const alexMessages = await (await anon.get("/api/v1/mailboxes/alexw/voice-messages", { headers: adminAuth })).json();
  const someId = alexMessages.items[0].id as string;
  expect((await megan.patch(`/api/v1/voice-messages/${someId}`, { data: { heard: true } })).status()).toBe(404);
  expect((await megan.delete(`/api/v1/voice-messages/${someId}`)).status()).toBe(404);
  const still = await (await anon.get(`/api/v1/mailboxes/alexw/voice-messages`, { headers: adminAuth })).json();
  expect(still.items.find((m: { id: string }) => m.id === someId).heard).toBe(alexMessages.items[0].heard);
});

test("the API rejects bad input with problem+json naming the field, and echoes created objects", async ({ request }) => {
  const bad = await request.post("/api/v1/dial-plans", {
    headers: adminAuth, data: { name: "Tokyo", numberOfDigitsInExtension: 30, countryOrRegionCode: "81" },
  });
  expect(bad.status()).toBe(422);
  expect(bad.headers()["content-type"]).toContain("application/problem+json");
  expect((await bad.json()).errors).toEqual([{ field: "numberOfDigitsInExtension", message: "NumberOfDigitsInExtension must be from 1 to 20." }]);

  const created = await request.post("/api/v1/dial-plans", {
    headers: adminAuth, data: { name: "Tokyo", numberOfDigitsInExtension: 5, countryOrRegionCode: "81" },
  });
  expect(created.status()).toBe(201);
  const plan = await created.json();
  expect(plan).toMatchObject({ name: "Tokyo", numberOfDigitsInExtension: 5, uriType: "TelExtn", voipSecurity: "Unsecured" });
  const policies = await (await request.get(`/api/v1/mailbox-policies?dialPlanId=${plan.id}`, { headers: adminAuth })).json();
  expect(policies.items.map((p: { name: string }) => p.name)).toEqual(["Tokyo Default Policy"]);
  const inUse = await request.delete(`/api/v1/dial-plans/${plan.id}`, { headers: adminAuth });
  expect(inUse.status()).toBe(409);
  expect((await inUse.json()).detail).toContain("can't be removed");

  const vm = await request.post("/api/v1/mailboxes/leeg/voice-messages", {
    headers: adminAuth, data: { callerId: "+14255550100", durationSeconds: "ten" },
  });
  expect(vm.status()).toBe(422);
  expect((await vm.json()).field).toBe("durationSeconds");
  const ok = await request.post("/api/v1/mailboxes/leeg/voice-messages", {
    headers: adminAuth, data: { callerId: "+14255550100", durationSeconds: 10, urgent: true, preview: "Call me back" },
  });
  expect(ok.status()).toBe(201);
  const mwi = await (await request.get("/api/v1/mailboxes/leeg/mwi", { headers: adminAuth })).json();
  expect(mwi).toMatchObject({ messagesWaiting: true, newCount: 1, oldCount: 0, newUrgentCount: 1, mwiAllowed: true });
});

test("API tokens act as their owner with the owner's role, are shown once, and stop working when revoked", async ({ playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL });
  await session(baseURL!, admin, "admin@contoso.com");
  const created = await admin.post("/api/v1/api-tokens", { data: { name: "voice-mail platform" } });
  expect(created.status()).toBe(201);
  const { id, token, prefix } = await created.json();
  expect(token).toMatch(/^llt_/);
  const listed = await (await admin.get("/api/v1/api-tokens")).json();
  expect(listed.items).toEqual([expect.objectContaining({ id, prefix, name: "voice-mail platform" })]);
  expect(JSON.stringify(listed)).not.toContain(token);

  const script = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  expect((await script.get("/api/v1/dial-plans")).status()).toBe(200);
  expect((await admin.delete(`/api/v1/api-tokens/${id}`)).status()).toBe(204);
  expect((await script.get("/api/v1/dial-plans")).status()).toBe(401);

  const lee = await playwright.request.newContext({ baseURL });
  await session(baseURL!, lee, "leeg@contoso.com");
  const userToken = (await (await lee.post("/api/v1/api-tokens", { data: { name: "my script" } })).json()).token;
  const leeScript = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${userToken}` } });
  expect((await leeScript.get("/api/v1/dial-plans")).status()).toBe(403);
  expect((await leeScript.get("/api/v1/mailboxes/leeg/mwi")).status()).toBe(200);
  // Someone else's token can't be revoked.
  expect((await lee.delete(`/api/v1/api-tokens/${id}`)).status()).toBe(404);
});
