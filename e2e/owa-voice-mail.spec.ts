import { expect, test } from "@playwright/test";
import { adminAuth, E2E_PASSWORD, expectAccessible, signIn } from "./fixtures";

test("a user signs in to Options › Phone › Voice mail, sees messages and the lamp, and marks one heard", async ({ page, request }) => {
  // A mailbox of its own, so what other specs post doesn't change what this one sees.
  const policy = (await (await request.get("/api/v1/mailbox-policies?q=Contoso", { headers: adminAuth })).json()).items[0];
  expect((await request.post("/api/v1/mailboxes", { headers: adminAuth, data: {
    displayName: "Isaiah Langer", alias: "isaiahl", email: "isaiahl@contoso.com", umMailboxPolicyId: policy.id, extension: "4010", password: E2E_PASSWORD,
  } })).status()).toBe(201);
  const post = (data: object) => request.post("/api/v1/mailboxes/isaiahl/voice-messages", { headers: adminAuth, data });
  await post({ callerId: "+14255550123", durationSeconds: 34, urgent: true, preview: "The Fabrikam contract needs your signature." });
  await post({ callerId: "4002", durationSeconds: 12, preview: "Lunch at noon?" });
  const old = await (await post({ callerId: "+12065550188", durationSeconds: 58, preview: "Dentist on Tuesday." })).json();
  await request.patch(`/api/v1/voice-messages/${old.id}`, { headers: adminAuth, data: { heard: true } });

  await signIn(page, "isaiahl@contoso.com");
  await expect(page).toHaveURL(/\/owa\/options\/phone\/voice-mail$/);
  const messages = page.getByTestId("voice-message");
  await expect(messages).toHaveCount(3);
  await expect(page.getByTestId("lamp-state")).toHaveText("Lamp on");
  await expect(page.getByTestId("lamp-counts")).toHaveText("2 new (1 urgent), 1 heard");
  await expectAccessible(page, "OWA voice mail");

  const fabrikam = messages.filter({ hasText: "Fabrikam contract" });
  await fabrikam.getByRole("button", { name: "Mark as heard" }).click();
  await expect(page.getByTestId("lamp-counts")).toHaveText("1 new, 2 heard (1 urgent)");
  const lunch = messages.filter({ hasText: "Lunch at noon" });
  await lunch.getByRole("button", { name: "Mark as heard" }).click();
  await expect(page.getByTestId("lamp-state")).toHaveText("Lamp off");
  await expect(page.getByTestId("lamp-counts")).toHaveText("0 new, 3 heard (1 urgent)");
});

test("a user who opens the EAC is turned away", async ({ page }) => {
  await signIn(page, "leeg@contoso.com");
  await page.goto("/eac");
  await expect(page).toHaveURL(/\/forbidden$/);
});
