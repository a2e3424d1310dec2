import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const isCI = !!process.env.CI;

export default defineConfig({
  testDir: 'tests/e2e',
  // Playwright empties outputDir at start: keep it away from test-results/*.json.
  outputDir: 'test-results/e2e-artifacts',
  fullyParallel: false,
  workers: 1,
  // One retry in CI so the log shows a flake with its trace; scripts/run-tests.mjs still counts a
  // test that passed only on its retry as FAILED (docs/testing.md: a retry is not a pass you rely on).
  retries: isCI ? 1 : 0,
  forbidOnly: isCI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    // Wait for the port rather than a URL: any HTTP status of `/` counts as "up".
    port,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: !isCI,
    // Includes a `next build` when .next/BUILD_ID is missing (2 cores: can take minutes).
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
