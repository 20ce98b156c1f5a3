// EAC › MWI delivery: an admin sees the gateways' health, starts "resync everyone" and watches it
// complete while the worker re-sends every lamp to a real PBX (sipp on the demo gateway's port).
import { expect, test } from "@playwright/test";
import { adminAuth, expectAccessible, signIn, pbxOnDemoGateway } from "./fixtures";

const pbx = pbxOnDemoGateway();

test("an admin resyncs everyone from the MWI delivery page and sees it complete", async ({ page, request }) => {
  await signIn(page, "admin@contoso.com");
  await page.getByRole("navigation", { name: "Features" }).getByRole("link", { name: "MWI delivery" }).click();
  await expect(page).toHaveURL(/\/eac\/mwi-delivery$/);
  await expect(page.getByRole("heading", { name: "MWI delivery" })).toBeVisible();

  const gateways = page.getByRole("table", { name: "Gateway health" });
  await expect(gateways.getByRole("row", { name: /PBX 1/ })).toBeVisible();
  await expect(gateways.getByRole("row", { name: /PBX 2/ })).toBeVisible();
  await expectAccessible(page, "MWI delivery");
  await expect(page.getByRole("img", { name: /NOTIFYs per minute over the last hour/ })).toBeVisible();

  const sentBefore = pbx().notifies().length;
  await expect(page.getByLabel("Whose lamps")).toHaveValue("All");
  await page.getByRole("button", { name: "Resync everyone" }).click();
  const progress = page.getByTestId("resync-progress");
  await expect(progress).toContainText("Resync of everyone");
  await expect(page.getByTestId("resync-status")).toHaveText("complete", { timeout: 15_000 });
  await expect(page.getByRole("progressbar", { name: "Resync progress" })).toHaveAttribute("aria-valuenow", /[1-9]\d*/);

  // The same job through the API: done = total, and the PBX got a NOTIFY per UM-enabled mailbox.
  const jobs = await (await request.get("/api/v1/mwi/resync", { headers: adminAuth })).json();
  const job = jobs.items[0];
  expect(job).toMatchObject({ scope: "All", status: "done", requestedBy: "admin@contoso.com" });
  expect(job.done + job.failed).toBe(job.total);
  expect(job.total).toBeGreaterThanOrEqual(3);
  // Lamps whose change still waited for a retry (no PBX listened before this spec) go out through
  // the change path, which the resync made due at once.
  await expect.poll(() => pbx().notifies().length - sentBefore, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  await expect(page.getByRole("table", { name: "Recent resyncs" })).toContainText("Everyone");
  // PBX 1 answered: its health shows the successes of the last hour.
  await expect(gateways.getByRole("row", { name: /PBX 1/ })).toContainText("Healthy", { timeout: 10_000 });
});

test("the resync API validates its scope and the lamp refresh answers 202 with the job", async ({ request }) => {
  const bad = await request.post("/api/v1/mwi/resync", { headers: adminAuth, data: { scope: "DialPlan" } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).errors[0]).toMatchObject({ field: "id" });
  const refreshed = await request.post("/api/v1/mailboxes/alexw/mwi/refresh", { headers: adminAuth });
  expect(refreshed.status()).toBe(202);
  const job = await refreshed.json();
  expect(job).toMatchObject({ scope: "Mailbox", scopeName: "Alex Wilber", total: 1 });
  await expect.poll(async () => (await (await request.get(`/api/v1/mwi/resync/${job.id}`, { headers: adminAuth })).json()).status,
    { timeout: 10_000 }).toBe("done");
  const health = await (await request.get("/api/v1/mwi/delivery-health", { headers: adminAuth })).json();
  expect(health.gateways.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(["PBX 1", "PBX 2"]));
  expect(health.rate).toHaveLength(60);
});
