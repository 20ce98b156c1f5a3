import { expect, type Page } from "@playwright/test";
import { E2E_ADMIN_TOKEN, E2E_PASSWORD } from "../playwright.config";

export { E2E_ADMIN_TOKEN, E2E_PASSWORD };
export const adminAuth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

export async function signIn(page: Page, email: string, next?: string) {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}
