import { defineConfig } from '@playwright/test';
import { chromiumPath, chromiumArgs } from '../test/e2e/chromium';

// One name for this run, read by the e2e fixture (where to keep harness logs) and the log scan.
// Set here in the runner process before the workers start, so they inherit it.
process.env.OKNO_E2E_RUN ??= `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
const LOG_SCAN = /zz-log-scan\.spec\.ts$/;

export default defineConfig({
  testDir: '../test/e2e',
  outputDir: '../test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // As on a workstation with an English system in another zone: what a clerk reads must still be
    // Russian or Belarusian, in Minsk time, formatted by our code.
    locale: 'en-US',
    timezoneId: 'America/New_York',
  },
  projects: [
    { name: 'e2e', testIgnore: LOG_SCAN },
    // Runs after the whole e2e project: scans every harness log it left for personal data and secrets.
    { name: 'log-scan', testMatch: LOG_SCAN, dependencies: ['e2e'] },
  ],
});
