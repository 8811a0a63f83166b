// The whole test suite in one command: system packages, build, Vitest (unit + integration),
// Playwright (end to end), then one closing line `N passed, N failed, N skipped` summing all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from '../build/scripts/system-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'test-results');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status;

ensureSystemDeps();
if (run(process.execPath, ['build/scripts/build.mjs']) !== 0) {
  process.stdout.write('build failed\n0 passed, 1 failed\n');
  process.exit(1);
}

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
if (existsSync(playwrightJson)) {
  const s = JSON.parse(readFileSync(playwrightJson, 'utf8')).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
} else if (pwStatus !== 0) failed += 1;

const ok = vitestStatus === 0 && pwStatus === 0 && failed === 0;
if (!ok && failed === 0) failed = 1; // a runner failed without a failing test (crash, config error)
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(ok ? 0 : 1);
