/** Each end-to-end test gets a fresh harness (own data directory, own port). */
import { test as base, type TestInfo } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot, removeDir, startHarness, type Harness } from '../harness';
import { recordPrintRequests } from './print';

/**
 * Where the harness logs of this run are kept, for people and for the closing scan
 * (zz-log-scan.spec.ts). One folder per run (OKNO_E2E_RUN is set by build/playwright.config.ts),
 * so the scan never counts an earlier run's files.
 */
export const e2eLogDir = join(projectRoot, 'test-results', 'e2e-logs', process.env.OKNO_E2E_RUN ?? 'unnamed-run');

/** `<spec>-<test id>[-retryN]`: unique within a run, and says which spec it came from. */
const logName = (info: TestInfo) =>
  `${basename(info.file).replace(/\.spec\.ts$/, '')}-${info.testId}${info.retry ? `-retry${info.retry}` : ''}`;

/** Copies the harness's log files (`<dataDir>/logs/*`, in order) and its stdout/stderr before its folder goes. */
function keepLogs(harness: Harness, info: TestInfo): void {
  mkdirSync(e2eLogDir, { recursive: true });
  const logs = join(harness.dataDir, 'logs');
  const files = existsSync(logs)
    ? readdirSync(logs, { withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => d.name)
        .sort()
    : [];
  const name = logName(info);
  writeFileSync(join(e2eLogDir, `${name}.log`), files.map((f) => readFileSync(join(logs, f), 'utf8')).join(''));
  writeFileSync(join(e2eLogDir, `${name}.stdio.log`), harness.output());
}

export const test = base.extend<{ harness: Harness }>({
  // Every page records its print requests instead of opening a print dialog (see print.ts).
  page: async ({ page }, use) => {
    await recordPrintRequests(page);
    await use(page);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; it has none
  harness: async ({}, use, testInfo) => {
    const harness = await startHarness();
    await use(harness);
    try {
      await harness.stop();
    } finally {
      // Kept for a failed test too: that is when the log is wanted most.
      try {
        keepLogs(harness, testInfo);
      } finally {
        removeDir(harness.dataDir);
      }
    }
  },
});

export { expect } from '@playwright/test';
