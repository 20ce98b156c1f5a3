import { expect, test } from "@playwright/test";
import { adminAuth, signIn } from "./fixtures";

test("an admin creates a UM IP gateway in the EAC dialog and sees it in the list", async ({ page, request }) => {
  await signIn(page, "admin@contoso.com");
  await expect(page).toHaveURL(/\/eac\/unified-messaging\/ip-gateways$/);
  const table = page.getByRole("table", { name: "UM IP gateways" });
  await expect(table.getByRole("row", { name: /PBX 1/ })).toBeVisible();

  await page.getByRole("button", { name: "New" }).click();
  const dialog = page.getByRole("dialog", { name: "new UM IP gateway" });
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("Lync Mediation 3");
  // A bad address is refused next to the field, and nothing is lost from the form.
  await dialog.getByRole("textbox", { name: "Address", exact: true }).fill("not a host name!");
  await dialog.getByLabel("Port", { exact: true }).fill("5080");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "Address must be an IP address or a fully qualified domain name." })).toBeVisible();
  await expect(dialog.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Lync Mediation 3");

  await dialog.getByRole("textbox", { name: "Address", exact: true }).fill("med3.contoso.com");
  await dialog.getByLabel("Allow message waiting indicator").uncheck();
  await dialog.getByLabel("Contoso HQ").check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();

  const row = table.getByRole("row", { name: /Lync Mediation 3/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText("med3.contoso.com");
  await expect(row).toContainText("5080");
  await expect(row).toContainText("Blocked");
  await expect(row).toContainText("Contoso HQ");
  await expect(page.getByRole("complementary", { name: "Details" })).toContainText("no lamps are lit through this gateway");

  // The dialog wrote through the API: the gateway is there for scripts too, with its settings.
  const list = await (await request.get("/api/v1/ip-gateways?q=Lync", { headers: adminAuth })).json();
  expect(list.items).toHaveLength(1);
  expect(list.items[0]).toMatchObject({ name: "Lync Mediation 3", address: "med3.contoso.com", port: 5080,
    messageWaitingIndicatorAllowed: false, status: "Enabled" });

  // A duplicate name is refused with the reason next to the Name field.
  await page.getByRole("button", { name: "New" }).click();
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("Lync Mediation 3");
  await dialog.getByRole("textbox", { name: "Address", exact: true }).fill("10.0.0.9");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: 'A UM IP gateway named "Lync Mediation 3" already exists.' })).toBeVisible();
});
