import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3123);
const DATA = ".tmp/e2e";
export const E2E_ADMIN_TOKEN = "e2e-admin-token-not-secret";
export const E2E_PASSWORD = "e2e-Passw0rd!";
// The demo gateways point here (PBX 1, and PBX 2 two ports up); e2e/mwi-notify runs sipp on it.
export const E2E_PBX_PORT = 15070;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 30_000,
  use: { baseURL: `http://127.0.0.1:${PORT}`, trace: "off" },
  projects: [{
    name: "debian-chromium",
    use: {
      ...devices["Desktop Chrome"],
      launchOptions: {
        // Playwright's own browser download can't work offline: Debian's chromium.
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
      },
    },
  }],
  webServer: {
    // A fresh database each run: migrate + demo seed, then the prebuilt app (`next build` first)
    // and the sip-worker, exactly as `npm start` runs them.
    command: `rm -rf ${DATA} && node --import tsx scripts/start.ts`,
    url: `http://127.0.0.1:${PORT}/sign-in`,
    env: {
      DATABASE_URL: `file:${DATA}/e2e.db`, LAMPLIGHTER_DATA_DIR: DATA, PORT: String(PORT),
      LAMPLIGHTER_ADMIN_TOKEN: E2E_ADMIN_TOKEN, LAMPLIGHTER_DEMO_PASSWORD: E2E_PASSWORD, NEXT_TELEMETRY_DISABLED: "1",
      SIGN_IN_ATTEMPTS_PER_MINUTE: "1000", LOG_LEVEL: "error",
      DEMO_PBX_PORT: String(E2E_PBX_PORT), SIP_TCP_PORT: "15060", WORKER_HTTP_PORT: "19464", SIP_DOMAIN: "um.contoso.com",
    },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
  },
});
