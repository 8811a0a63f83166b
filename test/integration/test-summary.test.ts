/**
 * The closing line of `npm test` from real runner reports: Playwright is run on a tiny suite of
 * its own (no browser) with a failing project and a project that depends on it, as the e2e and
 * log-scan projects are.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../harness';
import { closingLines, countPlaywright, countVitest } from '../summary.mjs';

// Inside the project, so the config resolves @playwright/test from its node_modules.
const parent = join(projectRoot, 'test-results');
mkdirSync(parent, { recursive: true });
const dir = mkdtempSync(join(parent, 'summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runPlaywright(failing: boolean): unknown {
  writeFileSync(
    join(dir, 'first.spec.ts'),
    `import { test, expect } from '@playwright/test';
test('passes', () => expect(1).toBe(1));
test('is skipped', () => test.skip(true, 'the one deliberate skip of this fixture suite: it counts as skipped, not as did not run'));
test('${failing ? 'fails' : 'also passes'}', () => expect(${failing ? 2 : 1}).toBe(1));
`,
  );
  writeFileSync(
    join(dir, 'second.spec.ts'),
    `import { test } from '@playwright/test';
test('after the first project', () => {});
test('also after it', () => {});
`,
  );
  writeFileSync(
    join(dir, 'playwright.config.ts'),
    `import { defineConfig } from '@playwright/test';
export default defineConfig({
  testDir: '.',
  outputDir: './out',
  workers: 1,
  projects: [
    { name: 'first', testMatch: /first\\.spec\\.ts$/ },
    { name: 'second', testMatch: /second\\.spec\\.ts$/, dependencies: ['first'] },
  ],
});
`,
  );
  const json = join(dir, 'report.json');
  const run = spawnSync(
    join(projectRoot, 'node_modules', '.bin', 'playwright'),
    ['test', '-c', join(dir, 'playwright.config.ts'), '--reporter=json'],
    {
      cwd: projectRoot,
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: json },
      encoding: 'utf8',
    },
  );
  expect(run.status).toBe(failing ? 1 : 0);
  return JSON.parse(readFileSync(json, 'utf8'));
}

describe('the closing line', () => {
  it('names the tests of a project whose dependency failed as «did not run», not skipped', () => {
    const counts = countPlaywright(runPlaywright(true) as Parameters<typeof countPlaywright>[0]);
    expect(counts).toEqual({ passed: 1, failed: 1, skipped: 1, notRun: new Map([['second', 2]]) });
    expect(closingLines(counts)).toEqual([
      'did not run: 2 in Playwright project «second» (a project it depends on failed)',
      '1 passed, 1 failed, 1 skipped',
    ]);
  });

  it('has no «did not run» line when every project ran', () => {
    const counts = countPlaywright(runPlaywright(false) as Parameters<typeof countPlaywright>[0]);
    expect(closingLines(counts)).toEqual(['4 passed, 0 failed, 1 skipped']);
  });

  it('counts a Vitest file that failed to load as a failure', () => {
    expect(countVitest({ numPassedTests: 3, numFailedTests: 0, numPendingTests: 1, numFailedTestSuites: 1 })).toMatchObject({
      passed: 3,
      failed: 1,
      skipped: 1,
    });
  });
});
