import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

test("a user signs in to Options › Phone › Voice mail, sees messages and the lamp, and marks one heard", async ({ page }) => {
  await signIn(page, "alexw@contoso.com");
  await expect(page).toHaveURL(/\/owa\/options\/phone\/voice-mail$/);
  const messages = page.getByTestId("voice-message");
  await expect(messages).toHaveCount(3);
  await expect(page.getByTestId("lamp-state")).toHaveText("Lamp on");
  await expect(page.getByTestId("lamp-counts")).toHaveText("2 new (1 urgent), 1 heard");

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
