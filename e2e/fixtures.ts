import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN_TOKEN, E2E_PASSWORD, E2E_PBX_PORT } from "../playwright.config";
import AxeBuilder from "@axe-core/playwright";
import fs from "node:fs";
import path from "node:path";
import { startSippUas, type SippUas } from "../tests/support/processes";

export { E2E_ADMIN_TOKEN, E2E_PASSWORD };
export const adminAuth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

export async function signIn(page: Page, email: string, next?: string) {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** No WCAG 2.1 A/AA violations on the page as it stands (axe-core). */
export async function expectAccessible(page: Page, what: string) {
  // A client-side navigation swaps the <title> after the new page streams in; scan the page that
  // is finished, not the moment in between (a title seen early can still be swapped out once
  // more while the rest streams: wait for the network to settle too).
  await page.waitForLoadState("networkidle");
  await expect(page, what).toHaveTitle(/\S/);
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`), what).toEqual([]);
}

/** Runs a sipp PBX (answers NOTIFY with 200) on the demo gateway's port for the spec file's tests. */
export function pbxOnDemoGateway(): () => SippUas {
  let pbx: SippUas | undefined;
  test.beforeAll(async () => {
    const dir = path.resolve(".tmp/e2e-sipp");
    fs.mkdirSync(dir, { recursive: true });
    pbx = await startSippUas("pbx-uas-200.xml", E2E_PBX_PORT, dir);
  });
  test.afterAll(async () => { await pbx?.stop(); });
  return () => pbx!;
}
