// Each Exchange validation rule through the API, with problem+json naming the field.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminAuth, E2E_PASSWORD } from "./fixtures";

async function problem(res: Awaited<ReturnType<APIRequestContext["post"]>>, status: number, field?: string) {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  const body = (await res.json()) as { field?: string; detail: string; errors?: { field: string; message: string }[] };
  if (field !== undefined) expect(body.field).toBe(field);
  return body as { detail: string; errors?: { field: string; message: string }[] };
}

test("dial plans: ranges, fixed URI type, unique names, in-use removal", async ({ request }) => {
  const h = { headers: adminAuth };
  await problem(await request.post("/api/v1/dial-plans", { ...h, data: { name: "x".repeat(65), numberOfDigitsInExtension: 4, countryOrRegionCode: "1" } }), 422, "name");
  await problem(await request.post("/api/v1/dial-plans", { ...h, data: { name: "Zero", numberOfDigitsInExtension: 0, countryOrRegionCode: "1" } }), 422, "numberOfDigitsInExtension");
  await problem(await request.post("/api/v1/dial-plans", { ...h, data: { name: "Bad", numberOfDigitsInExtension: 4, uriType: "Tel", countryOrRegionCode: "1" } }), 422, "uriType");
  const plan = await (await request.post("/api/v1/dial-plans", { ...h, data: { name: "Secure HQ", numberOfDigitsInExtension: 4, voipSecurity: "SIPSecured", countryOrRegionCode: "1" } })).json();
  const dup = await problem(await request.post("/api/v1/dial-plans", { ...h, data: { name: "Secure HQ", numberOfDigitsInExtension: 4, countryOrRegionCode: "1" } }), 409, "name");
  expect(dup.detail).toBe('A UM dial plan named "Secure HQ" already exists.');
  await problem(await request.patch(`/api/v1/dial-plans/${plan.id}`, { ...h, data: { uriType: "E164" } }), 422);
  // A PATCH changes only what it names (defaults are for creation).
  const renamed = await (await request.patch(`/api/v1/dial-plans/${plan.id}`, { ...h, data: { name: "Secure HQ 2" } })).json();
  expect(renamed).toMatchObject({ name: "Secure HQ 2", voipSecurity: "SIPSecured", numberOfDigitsInExtension: 4 });

  // A secured dial plan needs its gateways' FQDN.
  const ipGw = await problem(await request.post("/api/v1/ip-gateways", { ...h, data: { name: "Secure GW", address: "10.1.2.3", dialPlanIds: [plan.id] } }), 422, "address");
  expect(ipGw.detail).toContain("must be a fully qualified domain name");
  const gw = await request.post("/api/v1/ip-gateways", { ...h, data: { name: "Secure GW", address: "sbc.contoso.com", port: 5061, dialPlanIds: [plan.id] } });
  expect(gw.status()).toBe(201);
  const gateway = await gw.json();
  await problem(await request.patch(`/api/v1/ip-gateways/${gateway.id}`, { ...h, data: { address: "10.1.2.3" } }), 422, "address");
  const patched = await (await request.patch(`/api/v1/ip-gateways/${gateway.id}`, { ...h, data: { messageWaitingIndicatorAllowed: false } })).json();
  expect(patched).toMatchObject({ port: 5061, status: "Enabled", address: "sbc.contoso.com", outcallsAllowed: true, dialPlanIds: [plan.id], messageWaitingIndicatorAllowed: false });
  await problem(await request.patch(`/api/v1/ip-gateways/${gateway.id}`, { ...h, data: { ipAddressFamily: "IPv5" } }), 422, "ipAddressFamily");
  await problem(await request.patch(`/api/v1/ip-gateways/${gateway.id}`, { ...h, data: { transport: "SCTP" } }), 422, "transport");
  expect((await (await request.patch(`/api/v1/ip-gateways/${gateway.id}`, { ...h, data: { transport: "UDP" } })).json()).transport).toBe("UDP");
  await problem(await request.put(`/api/v1/dial-plans/${plan.id}/ip-gateway-order`, { ...h, data: { ipGatewayIds: [] } }), 422, "ipGatewayIds");

  // In use: the default policy keeps the dial plan; a mailbox keeps the policy.
  const inUse = await problem(await request.delete(`/api/v1/dial-plans/${plan.id}`, h), 409);
  expect(inUse.detail).toContain('UM dial plan "Secure HQ 2" can\'t be removed: it has 1 UM mailbox policy and 0 UM-enabled mailboxes.');
});

test("mailbox policies: PIN ranges, Unlimited, logon failures below lockout, removal in use", async ({ request }) => {
  const h = { headers: adminAuth };
  const plan = (await (await request.get("/api/v1/dial-plans?q=Contoso", h)).json()).items[0];
  const policy = (await (await request.get(`/api/v1/mailbox-policies?dialPlanId=${plan.id}`, h)).json()).items[0];
  expect(policy).toMatchObject({ minPinLength: 6, pinLifetime: 60, pinHistoryCount: 5, allowCommonPatterns: false,
    logonFailuresBeforePinReset: 5, maxLogonAttempts: 15, allowMissedCallNotifications: true, allowVoiceMailPreview: true });
  for (const [data, field] of [
    [{ minPinLength: 3 }, "minPinLength"], [{ minPinLength: 25 }, "minPinLength"], [{ pinLifetime: 0 }, "pinLifetime"],
    [{ pinLifetime: "Forever" }, "pinLifetime"], [{ pinHistoryCount: 21 }, "pinHistoryCount"], [{ maxLogonAttempts: 1000 }, "maxLogonAttempts"],
    [{ logonFailuresBeforePinReset: 15 }, "logonFailuresBeforePinReset"], [{ protectAuthenticatedVoiceMail: "Some" }, "protectAuthenticatedVoiceMail"],
  ] as const) {
    await problem(await request.patch(`/api/v1/mailbox-policies/${policy.id}`, { ...h, data }), 422, field);
  }
  const ok = await (await request.patch(`/api/v1/mailbox-policies/${policy.id}`, { ...h, data: { pinLifetime: "Unlimited", logonFailuresBeforePinReset: "Unlimited", minPinLength: 8 } })).json();
  expect(ok).toMatchObject({ pinLifetime: "Unlimited", logonFailuresBeforePinReset: "Unlimited", minPinLength: 8, maxLogonAttempts: 15, allowMessageWaitingIndicator: true });
  await request.patch(`/api/v1/mailbox-policies/${policy.id}`, { ...h, data: { pinLifetime: 60, logonFailuresBeforePinReset: 5, minPinLength: 6 } });
  const removal = await problem(await request.delete(`/api/v1/mailbox-policies/${policy.id}`, h), 409);
  expect(removal.detail).toMatch(/can't be removed: \d+ mailboxes are linked to it/);
  await problem(await request.post("/api/v1/mailbox-policies", { ...h, data: { name: policy.name, dialPlanId: plan.id } }), 409, "name");
  await problem(await request.post("/api/v1/mailbox-policies", { ...h, data: { name: "Orphan", dialPlanId: "nope" } }), 422, "dialPlanId");
});

test("mailboxes: extension length, uniqueness in the dial plan, identifiers the URI type needs", async ({ request }) => {
  const h = { headers: adminAuth };
  const policy = (await (await request.get("/api/v1/mailbox-policies?q=Contoso", h)).json()).items[0];
  await problem(await request.post("/api/v1/mailboxes", { ...h, data: { displayName: "A", alias: "a1", email: "a1@contoso.com", umMailboxPolicyId: policy.id, extension: "40011" } }), 422, "extension");
  const taken = await problem(await request.post("/api/v1/mailboxes", { ...h, data: { displayName: "A", alias: "a1", email: "a1@contoso.com", umMailboxPolicyId: policy.id, extension: "4001" } }), 422, "extension");
  expect(taken.detail).toBe('Extension 4001 is already used in UM dial plan "Contoso HQ".');
  await problem(await request.post("/api/v1/mailboxes", { ...h, data: { displayName: "A", alias: "alexw", email: "a1@contoso.com" } }), 422, "alias");
  await problem(await request.post("/api/v1/mailboxes", { ...h, data: { displayName: "A", alias: "a1", email: "not-an-email" } }), 422, "email");
  await problem(await request.patch("/api/v1/mailboxes/leeg", { ...h, data: { umSmsNotificationOption: "Always" } }), 422, "umSmsNotificationOption");

  const e164 = await (await request.post("/api/v1/dial-plans", { ...h, data: { name: "Lync E164", numberOfDigitsInExtension: 4, uriType: "E164", countryOrRegionCode: "1" } })).json();
  const e164Policy = (await (await request.get(`/api/v1/mailbox-policies?dialPlanId=${e164.id}`, h)).json()).items[0];
  await problem(await request.post("/api/v1/mailboxes", { ...h, data: { displayName: "B", alias: "b1", email: "b1@contoso.com", umMailboxPolicyId: e164Policy.id, extension: "4001" } }), 422, "e164Number");
  const b = await request.post("/api/v1/mailboxes", { ...h, data: { displayName: "B", alias: "b1", email: "b1@contoso.com", umMailboxPolicyId: e164Policy.id, extension: "4001", e164Number: "+14255550199" } });
  expect(b.status()).toBe(201); // the same extension is fine in another dial plan
  const eff = await (await request.get("/api/v1/mailboxes/b1/effective-settings", h)).json();
  expect(eff.mwi).toMatchObject({ allowed: false, reason: "NoGateways" });
  expect(eff.sms.voiceMail).toMatchObject({ allowed: false, reason: "MailboxOptionNone", changedBy: "admin" });
});

test("a non-admin gets 403 from every admin route and can't open the EAC", async ({ playwright, baseURL, page }) => {
  const user = await playwright.request.newContext({ baseURL });
  expect((await user.post("/api/auth/sign-in/email", { data: { email: "meganb@contoso.com", password: E2E_PASSWORD }, headers: { origin: baseURL! } })).status()).toBe(200);
  const x = "some-id";
  const routes: [string, string][] = [
    ["GET", "/api/v1/dial-plans"], ["POST", "/api/v1/dial-plans"], ["GET", `/api/v1/dial-plans/${x}`], ["PATCH", `/api/v1/dial-plans/${x}`],
    ["DELETE", `/api/v1/dial-plans/${x}`], ["PUT", `/api/v1/dial-plans/${x}/ip-gateway-order`],
    ["GET", "/api/v1/mailbox-policies"], ["POST", "/api/v1/mailbox-policies"], ["GET", `/api/v1/mailbox-policies/${x}`],
    ["PATCH", `/api/v1/mailbox-policies/${x}`], ["DELETE", `/api/v1/mailbox-policies/${x}`],
    ["GET", "/api/v1/ip-gateways"], ["POST", "/api/v1/ip-gateways"], ["GET", `/api/v1/ip-gateways/${x}`],
    ["PATCH", `/api/v1/ip-gateways/${x}`], ["DELETE", `/api/v1/ip-gateways/${x}`],
    ["GET", "/api/v1/mailboxes"], ["POST", "/api/v1/mailboxes"], ["PATCH", "/api/v1/mailboxes/meganb"], ["DELETE", "/api/v1/mailboxes/meganb"],
    ["POST", "/api/v1/mailboxes/meganb/voice-messages"], ["POST", "/api/v1/mailboxes/meganb/missed-calls"],
    ["GET", "/api/v1/mailboxes/meganb/effective-settings"], ["GET", "/api/v1/audit-log"],
  ];
  for (const [method, path] of routes) {
    const res = await user.fetch(path, { method, data: method === "GET" || method === "DELETE" ? undefined : {} });
    expect(res.status(), `${method} ${path}`).toBe(403);
  }
  // Nothing changed: Megan is still UM-enabled.
  expect((await (await user.get("/api/v1/mailboxes/meganb")).json()).umEnabled).toBe(true);
  await page.goto("/sign-in?next=/eac");
  await page.getByLabel("Email address").fill("meganb@contoso.com");
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/forbidden$/);
});

test("a UM-enabled mailbox can't be removed until UM is disabled (its lamp is switched off first)", async ({ request }) => {
  const h = { headers: adminAuth };
  const policy = (await (await request.get("/api/v1/mailbox-policies?q=Contoso", h)).json()).items[0];
  const m = await (await request.post("/api/v1/mailboxes", { ...h, data: { displayName: "Temp", alias: "temp1", email: "temp1@contoso.com", umMailboxPolicyId: policy.id, extension: "4999" } })).json();
  const refused = await problem(await request.delete(`/api/v1/mailboxes/${m.id}`, h), 409);
  expect(refused.detail).toContain('Disable Unified Messaging for "Temp" first');
  expect((await request.patch(`/api/v1/mailboxes/${m.id}`, { ...h, data: { umEnabled: false } })).status()).toBe(200);
  expect((await request.delete(`/api/v1/mailboxes/${m.id}`, h)).status()).toBe(204);
  expect((await request.get(`/api/v1/mailboxes/${m.id}`, h)).status()).toBe(404);
});
