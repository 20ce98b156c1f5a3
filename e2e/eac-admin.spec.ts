// An admin walks the EAC: dial plan → its default policy → policy switches → gateways and their
// order → enabling a mailbox → SMS option → effective settings → the audit log.
import { expect, test } from "@playwright/test";
import { adminAuth, expectAccessible, signIn } from "./fixtures";

test("an admin administers Unified Messaging end to end in the EAC", async ({ page, request }) => {
  test.setTimeout(120_000); // a long walk with an axe-core scan on every screen
  // A mailbox that isn't UM-enabled yet (made the way a provisioning script would).
  const created = await request.post("/api/v1/mailboxes", {
    headers: adminAuth, data: { displayName: "Nestor Wilke", alias: "nestorw", email: "nestorw@contoso.com" },
  });
  expect(created.status()).toBe(201);

  await signIn(page, "admin@contoso.com", "/eac/unified-messaging/dial-plans");
  const announcement = page.getByTestId("announcement");

  // 1. New dial plan: its default policy appears.
  await expectAccessible(page, "UM dial plans");
  await page.getByRole("button", { name: "New" }).click();
  let dialog = page.getByRole("dialog", { name: "new UM dial plan" });
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("Fabrikam");
  await dialog.getByRole("textbox", { name: "Extension length (digits)" }).fill("25");
  await dialog.getByRole("textbox", { name: "Country/Region code" }).fill("44");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "NumberOfDigitsInExtension must be from 1 to 20." })).toBeVisible();
  await expectAccessible(page, "new dial plan dialog with an error");
  await dialog.getByRole("textbox", { name: "Extension length (digits)" }).fill("5");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(announcement).toHaveText('UM dial plan "Fabrikam" and its default policy were created.');
  const plansTable = page.getByRole("table", { name: "UM dial plans" });
  await plansTable.getByRole("row", { name: /Fabrikam/ }).click();
  const details = page.getByRole("complementary", { name: "Details" });
  await expect(details.getByRole("list", { name: "UM mailbox policies of the dial plan" })).toHaveText(/Fabrikam Default Policy/);

  // 2. Edit the policy's MWI and SMS switches.
  await details.getByRole("button", { name: "Edit Fabrikam Default Policy" }).click();
  dialog = page.getByRole("dialog", { name: "Fabrikam Default Policy" });
  await expect(dialog.getByLabel("Minimum PIN length")).toHaveValue("6");
  await expect(dialog.getByLabel("PIN lifetime (days)")).toHaveValue("60");
  await dialog.getByLabel("Allow message waiting indicator").uncheck();
  await dialog.getByLabel("Allow text message notifications (AllowSMSNotification)").uncheck();
  await dialog.getByLabel("Number of sign-in failures before PIN reset").fill("20");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "LogonFailuresBeforePINReset (20) must be less than MaxLogonAttempts (15)." })).toBeVisible();
  await dialog.getByLabel("Number of sign-in failures before PIN reset").fill("5");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(announcement).toHaveText('UM mailbox policy "Fabrikam Default Policy" was saved.');
  await page.getByRole("link", { name: "UM mailbox policies" }).click();
  await expect(page).toHaveURL(/mailbox-policies/);
  await expectAccessible(page, "UM mailbox policies");
  const policyRow = page.getByRole("table", { name: "UM mailbox policies" }).getByRole("row", { name: /Fabrikam Default Policy/ });
  await expect(policyRow).toContainText("Blocked");

  // 3. Two gateways for Fabrikam, then reorder them.
  await page.getByRole("link", { name: "UM IP gateways" }).click();
  await expect(page).toHaveURL(/ip-gateways/);
  await expectAccessible(page, "UM IP gateways");
  for (const [name, address] of [["Fabrikam PBX A", "pbxa.fabrikam.com"], ["Fabrikam PBX B", "pbxb.fabrikam.com"]]) {
    await page.getByRole("button", { name: "New" }).click();
    dialog = page.getByRole("dialog", { name: "new UM IP gateway" });
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(name);
    await dialog.getByRole("textbox", { name: "Address", exact: true }).fill(address);
    await dialog.getByLabel("Fabrikam").check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
  }
  await page.getByRole("link", { name: "UM dial plans" }).click();
  await plansTable.getByRole("row", { name: /Fabrikam/ }).click();
  const order = details.getByRole("list", { name: "Gateway order" });
  await expect(order.getByRole("listitem")).toHaveText([/Fabrikam PBX A/, /Fabrikam PBX B/]);
  await details.getByRole("button", { name: "Move Fabrikam PBX B up" }).click();
  await expect(announcement).toHaveText("The gateway order was saved.");
  await expect(order.getByRole("listitem")).toHaveText([/Fabrikam PBX B/, /Fabrikam PBX A/]);
  const tried = await (await request.get("/api/v1/ip-gateways?dialPlanId=" + (await (await request.get("/api/v1/dial-plans?q=Fabrikam", { headers: adminAuth })).json()).items[0].id, { headers: adminAuth })).json();
  expect(tried.items.map((g: { name: string }) => g.name)).toEqual(["Fabrikam PBX B", "Fabrikam PBX A"]);

  // 4. Enable Nestor for UM on the Fabrikam policy with an extension; 5. set his SMS option.
  await page.getByRole("link", { name: "recipients" }).click();
  await expect(page).toHaveURL(/recipients/);
  await expectAccessible(page, "mailboxes");
  await page.getByRole("searchbox", { name: "Search mailboxes" }).fill("nestor");
  const mailboxes = page.getByRole("table", { name: "Mailboxes" });
  await expect(mailboxes.getByRole("row")).toHaveCount(2);
  await mailboxes.getByRole("row", { name: /Nestor Wilke/ }).click();
  await page.getByRole("button", { name: "Enable UM" }).click();
  dialog = page.getByRole("dialog", { name: "Enable UM mailbox: Nestor Wilke" });
  await dialog.getByLabel("UM mailbox policy").selectOption({ label: "Fabrikam Default Policy" });
  await dialog.getByRole("textbox", { name: "Extension", exact: true }).fill("123");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: 'The extension must have 5 digits, as UM dial plan "Fabrikam" requires.' })).toBeVisible();
  await dialog.getByRole("textbox", { name: "Extension", exact: true }).fill("51234");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(announcement).toHaveText("Nestor Wilke is enabled for Unified Messaging.");
  await expect(mailboxes.getByRole("row", { name: /Nestor Wilke/ })).toContainText("51234");

  await page.getByRole("button", { name: "Edit UM settings" }).click();
  dialog = page.getByRole("dialog", { name: "Unified Messaging: Nestor Wilke" });
  await dialog.getByLabel("Text message notifications (UMSMSNotificationOption)").selectOption("VoiceMailAndMissedCalls");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(mailboxes.getByRole("row", { name: /Nestor Wilke/ })).toContainText("VoiceMailAndMissedCalls");
  await expect(details).toContainText("Lamp off (message waiting indicator not allowed)");
  await expect(details).toContainText('UM mailbox policy "Fabrikam Default Policy" has AllowMessageWaitingIndicator set to false.');

  // 6. Effective settings say why: the policy's MWI switch, and the SMS switch.
  await page.getByRole("button", { name: "Effective settings" }).click();
  dialog = page.getByRole("dialog", { name: "Effective settings: Nestor Wilke" });
  await expect(dialog.getByTestId("mwi-verdict")).toHaveText('No lamp: UM mailbox policy "Fabrikam Default Policy" has AllowMessageWaitingIndicator set to false.');
  await expect(dialog.getByTestId("sms-verdict")).toContainText("AllowSMSNotification set to false");
  await expect(dialog.getByRole("table", { name: "Message waiting indicator settings" }).getByRole("row", { name: /AllowMessageWaitingIndicator/ })).toContainText("✗ false");
  await expectAccessible(page, "effective settings");
  await dialog.getByRole("button", { name: "Close" }).click();

  // 7. Every change is in the audit log.
  await page.getByRole("link", { name: "audit log" }).click();
  await expect(page).toHaveURL(/audit-log/);
  await expectAccessible(page, "audit log");
  const log = page.getByRole("table", { name: "Audit log" });
  await expect(log.getByRole("row", { name: /New-UMDialPlan.*Fabrikam/ })).toBeVisible();
  await expect(log.getByRole("row", { name: /Set-UMMailboxPolicy.*Fabrikam Default Policy/ })).toContainText("allowMessageWaitingIndicator: true → false");
  await expect(log.getByRole("row", { name: /New-UMIPGateway.*Fabrikam PBX B/ })).toBeVisible();
  await expect(log.getByRole("row", { name: /Set-UMDialPlan.*Fabrikam/ })).toContainText("ipGatewayOrder");
  await expect(log.getByRole("row", { name: /Enable-UMMailbox.*Nestor Wilke/ })).toContainText("extension: (none) → 51234");
  await expect(log.getByRole("row", { name: /Set-UMMailbox.*Nestor Wilke/ })).toContainText("umSmsNotificationOption: None → VoiceMailAndMissedCalls");
  await page.getByLabel("Object type").selectOption("UMIPGateway");
  await expect(log.getByRole("row", { name: /Fabrikam Default Policy/ })).toHaveCount(0);
  await expect(log.getByRole("row", { name: /Fabrikam PBX A/ })).toHaveCount(1);

  await page.getByRole("link", { name: "text messages" }).click();
  await expect(page.getByRole("table", { name: "Text message log" })).toBeVisible();
  await expectAccessible(page, "text message log");
});
