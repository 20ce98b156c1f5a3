// An end user sets up text messaging with a passcode texted to "their phone" (the embedded outbox
// provider's test phone inbox), chooses notifications, and gets texts exactly when allowed.
import { expect, test, type Page } from "@playwright/test";
import { adminAuth, E2E_PASSWORD, expectAccessible, signIn } from "./fixtures";

async function inbox(page: Page): Promise<{ kind: string; body: string }[]> {
  const res = await page.request.get("/api/v1/me/test-phone-inbox");
  expect(res.status()).toBe(200);
  return (await res.json()).items;
}

async function latestPasscode(page: Page, count: number): Promise<string> {
  let texts: { kind: string; body: string }[] = [];
  await expect.poll(async () => (texts = (await inbox(page)).filter((t) => t.kind === "passcode")).length).toBe(count);
  return /(\d{6})/.exec(texts[0].body)![1];
}

test("the text messaging wizard, notification choices, and texts that follow the admin's switches", async ({ page, request, playwright, baseURL }) => {
  test.setTimeout(120_000);
  expect((await request.patch("/api/v1/mailboxes/alexw", { headers: adminAuth, data: { umSmsNotificationOption: "VoiceMailAndMissedCalls" } })).status()).toBe(200);

  await signIn(page, "alexw@contoso.com");
  await expect(page).toHaveURL(/voice-mail$/);
  await page.getByRole("link", { name: "set up notifications" }).click();
  await expect(page).toHaveURL(/text-messaging$/);
  await expectAccessible(page, "text messaging, off");
  await page.getByRole("button", { name: "Turn on notifications" }).click();
  await page.getByLabel("Locale").selectOption({ label: "United States" });
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Choose your mobile operator." })).toBeVisible();
  await page.getByLabel("Mobile operator").selectOption("Verizon");
  await page.getByRole("button", { name: "Next" }).click();

  // The wizard survives a reload: the operator step's choices are still there.
  await page.reload();
  const number = page.getByLabel("Enter your phone number and click Next");
  await expect(number).toBeVisible();
  await number.fill("12345");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That isn't a valid phone number for United States." })).toBeVisible();
  await number.fill("(425) 555-0123");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("We texted a six-digit passcode to +14255550123.")).toBeVisible();
  await expectAccessible(page, "text messaging, passcode");

  const first = await latestPasscode(page, 1);
  const wrong = first === "000000" ? "111111" : "000000";
  await page.getByLabel("Passcode").fill(wrong);
  await page.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That passcode isn't right. 4 tries left." })).toBeVisible();

  await page.getByRole("button", { name: "I didn't receive a passcode and need it sent again" }).click();
  const second = await latestPasscode(page, 2);
  await page.reload(); // the passcode step comes back from the server
  if (first !== second) {
    // A resend replaces the code: the first one no longer works (and the tries start again).
    await page.getByLabel("Passcode").fill(first);
    await page.getByRole("button", { name: "Finish" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "That passcode isn't right. 4 tries left." })).toBeVisible();
  }
  await page.getByLabel("Passcode").fill(second);
  await page.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByText("Text message notifications are on for +14255550123 (Verizon).")).toBeVisible();

  await page.getByRole("link", { name: "Set up voice mail notifications" }).click();
  await expect(page).toHaveURL(/voice-mail#notifications$/);
  await page.getByLabel("Text me when I get voice mail").check();
  await expect(page.getByTestId("announcement")).toHaveText("Your notification choices were saved.");
  await page.getByLabel("Text me when I miss a call").check();
  await expect(page.getByLabel("Text me when I miss a call")).toBeChecked();
  await expectAccessible(page, "voice mail with notifications");

  // A voice message through the API → one text with the preview, and the lamp.
  const posted = await request.post("/api/v1/mailboxes/alexw/voice-messages", {
    headers: adminAuth, data: { callerId: "+12065550142", durationSeconds: 31, preview: "Hi Alex, the quarterly numbers are in. Call me." },
  });
  expect(posted.status()).toBe(201);
  await expect.poll(async () => (await inbox(page)).filter((t) => t.kind === "voicemail").map((t) => t.body).join("\n"))
    .toContain("Hi Alex, the quarterly numbers are in. Call me.");
  expect((await inbox(page)).filter((t) => t.kind === "voicemail")).toHaveLength(1);
  const missed = await request.post("/api/v1/mailboxes/alexw/missed-calls", { headers: adminAuth, data: { callerId: "+12065550199" } });
  expect(missed.status()).toBe(201);
  await expect.poll(async () => (await inbox(page)).filter((t) => t.kind === "missedcall").length).toBe(1);

  await page.reload();
  await expect(page.getByTestId("lamp-state")).toHaveText("Lamp on");
  const unheard = page.getByRole("button", { name: "Mark as heard", exact: true });
  // The list loads on its own after the lamp: count its unheard messages once it shows them all.
  const listed = await (await request.get("/api/v1/mailboxes/alexw/voice-messages?pageSize=200", { headers: adminAuth })).json();
  const unheardCount = (listed.items as { heard: boolean }[]).filter((m) => !m.heard).length;
  expect(unheardCount).toBeGreaterThan(0);
  await expect(unheard).toHaveCount(unheardCount);
  for (let n = unheardCount; n > 0; n--) {
    await unheard.first().click();
    await expect(unheard).toHaveCount(n - 1);
  }
  await expect(page.getByTestId("lamp-state")).toHaveText("Lamp off");

  // Another user sees none of Alex's texts.
  const megan = await playwright.request.newContext({ baseURL });
  await megan.post("/api/auth/sign-in/email", { data: { email: "meganb@contoso.com", password: E2E_PASSWORD }, headers: { origin: baseURL! } });
  const meganInbox = await (await megan.get("/api/v1/me/test-phone-inbox")).json();
  expect(meganInbox.items.filter((t: { toNumber: string }) => t.toNumber === "+14255550123")).toEqual([]);
  expect((await (await megan.get("/api/v1/me/text-messaging")).json()).phoneNumber).toBeNull();

  // The admin turns the policy's SMS switch off: no more texts, and the page says why.
  const policyId = (await (await request.get("/api/v1/mailboxes/alexw", { headers: adminAuth })).json()).umMailboxPolicyId;
  expect((await request.patch(`/api/v1/mailbox-policies/${policyId}`, { headers: adminAuth, data: { allowSmsNotification: false } })).status()).toBe(200);
  try {
    await request.post("/api/v1/mailboxes/alexw/voice-messages", { headers: adminAuth, data: { callerId: "4002", durationSeconds: 3, preview: "Should not be texted" } });
    await page.reload();
    await expect(page.getByTestId("sms-blocked")).toContainText("turned off by your administrator");
    await expect(page.getByTestId("sms-blocked")).toContainText("AllowSMSNotification set to false");
    await expect(page.getByLabel("Text me when I get voice mail")).toHaveCount(0);
    await page.waitForTimeout(1_000); // give a wrong text time to show up
    expect((await inbox(page)).map((t) => t.body).join("\n")).not.toContain("Should not be texted");
    // The admin's log shows the texts, with the passcodes masked.
    const log = await (await request.get("/api/v1/text-messages", { headers: adminAuth })).json();
    const passcodes = log.items.filter((t: { kind: string }) => t.kind === "passcode");
    expect(passcodes.length).toBeGreaterThanOrEqual(2);
    for (const t of passcodes) expect(t.body).not.toMatch(/\d{6}/);
  } finally {
    await request.patch(`/api/v1/mailbox-policies/${policyId}`, { headers: adminAuth, data: { allowSmsNotification: true } });
  }
});

test("passcodes: three per 24 hours, five wrong tries void the code, numbers stored as E.164", async ({ playwright, baseURL }) => {
  const lee = await playwright.request.newContext({ baseURL });
  await lee.post("/api/auth/sign-in/email", { data: { email: "leeg@contoso.com", password: E2E_PASSWORD }, headers: { origin: baseURL! } });
  const bad = await lee.put("/api/v1/me/text-messaging", { data: { locale: "en-GB", mobileOperator: "Vodafone", phoneNumber: "01632 960 000" } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).field).toBe("phoneNumber");
  const started = await lee.put("/api/v1/me/text-messaging", { data: { locale: "en-GB", mobileOperator: "EE", phoneNumber: "07911 123456" } });
  expect(started.status()).toBe(200);
  expect(await started.json()).toMatchObject({ step: "passcode", phoneNumber: "+447911123456", passcodesLeftToday: 2, attemptsLeft: 5 });
  // Nothing about the code comes back from the API.
  expect(JSON.stringify(await started.json())).not.toMatch(/passcodeHash|\b\d{6}\b/);

  for (let i = 1; i <= 5; i++) {
    const r = await lee.post("/api/v1/me/text-messaging/verify", { data: { passcode: "999999" } });
    expect(r.status()).toBe(422);
    expect((await r.json()).detail).toBe(i < 5 ? `That passcode isn't right. ${5 - i} ${5 - i === 1 ? "try" : "tries"} left.` : "Too many wrong passcodes. Ask for a new one.");
  }
  // Even the right code is refused now (whatever it was).
  const texts = (await (await lee.get("/api/v1/me/test-phone-inbox")).json()).items;
  const code = /(\d{6})/.exec(texts[0].body)![1];
  const locked = await lee.post("/api/v1/me/text-messaging/verify", { data: { passcode: code } });
  expect((await locked.json()).detail).toBe("Too many wrong passcodes. Ask for a new one.");

  expect((await lee.post("/api/v1/me/text-messaging/passcode")).status()).toBe(200);
  expect((await lee.post("/api/v1/me/text-messaging/passcode")).status()).toBe(200);
  const fourth = await lee.post("/api/v1/me/text-messaging/passcode");
  expect(fourth.status()).toBe(429);
  expect((await fourth.json()).detail).toContain("You've asked for 3 passcodes in the last 24 hours.");
  expect((await (await lee.get("/api/v1/me/text-messaging")).json()).passcodesLeftToday).toBe(0);
});
