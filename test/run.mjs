// The whole test suite in one command: system packages, build, Vitest (unit + integration),
// Playwright (end to end), then one closing line `N passed, N failed, N skipped` summing all;
// tests that never started (their Playwright project's dependency failed) are named on the line
// before it as «did not run», not counted as skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from '../build/scripts/system-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'test-results');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status;

/** Every test of a Playwright JSON report, with the project it ran in. */
function* playwrightTests(suites = []) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) yield* spec.tests;
    yield* playwrightTests(suite.suites);
  }
}

ensureSystemDeps();
if (run(process.execPath, ['build/scripts/build.mjs']) !== 0) {
  process.stdout.write('build failed\n0 passed, 1 failed\n');
  process.exit(1);
}

const tmpBefore = new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('okno-')));
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const vitestJson = join(results, 'vitest.json');
const playwrightJson = join(results, 'playwright.json');

const vitestStatus = run(bin('vitest'), [
  'run',
  '-c',
  'build/vitest.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const pwStatus = run(bin('playwright'), ['test', '-c', 'build/playwright.config.ts', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
});

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  if (v.numFailedTestSuites > 0 && v.numFailedTests === 0) failed += v.numFailedTestSuites;
} else if (vitestStatus !== 0) failed += 1;
const notRun = new Map(); // Playwright project → tests never started (a project it depends on failed)
if (existsSync(playwrightJson)) {
  const report = JSON.parse(readFileSync(playwrightJson, 'utf8'));
  const s = report.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  // Playwright counts a test that never started as skipped; only test.skip() is a skip.
  for (const test of playwrightTests(report.suites)) {
    if (test.results.length > 0) continue;
    notRun.set(test.projectName, (notRun.get(test.projectName) ?? 0) + 1);
  }
  skipped += s.skipped - [...notRun.values()].reduce((a, b) => a + b, 0);
} else if (pwStatus !== 0) failed += 1;

// Tests clean up their temporary folders; one left behind is a failure of the run.
const leftInTmp = readdirSync(tmpdir()).filter((name) => name.startsWith('okno-') && !tmpBefore.has(name));
if (leftInTmp.length > 0) {
  process.stdout.write(`\nLeft behind in ${tmpdir()} by the tests (${leftInTmp.length}): ${leftInTmp.join(', ')}\n`);
  failed += 1;
}

const ok = vitestStatus === 0 && pwStatus === 0 && failed === 0;
if (!ok && failed === 0) failed = 1; // a runner failed without a failing test (crash, config error)
if (notRun.size > 0) {
  const parts = [...notRun].map(([project, n]) => `${n} in Playwright project «${project}» (a project it depends on failed)`);
  process.stdout.write(`\ndid not run: ${parts.join('; ')}\n`);
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(ok ? 0 : 1);
