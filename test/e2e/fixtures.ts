/** Each end-to-end test gets a fresh harness (own data directory, own port). */
import { test as base } from '@playwright/test';
import { removeDir, startHarness, type Harness } from '../harness';

export const test = base.extend<{ harness: Harness }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; it has none
  harness: async ({}, use) => {
    const harness = await startHarness();
    await use(harness);
    await harness.stop();
    removeDir(harness.dataDir);
  },
});

export { expect } from '@playwright/test';
