// The whole test suite in one command: system packages, build, Vitest (unit + integration),
// Playwright (end to end), then one closing line `N passed, N failed, N skipped` summing all;
// tests that never started (their Playwright project's dependency failed) are named on the line
// before it as «did not run», not counted as skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from '../build/scripts/system-deps.mjs';
import { closingLines, countPlaywright, countVitest } from './summary.mjs';

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
// The runners get a temporary folder of their own (TMPDIR; short, for socket paths), so what a
// test leaves behind is seen even while other programs, or another run, use the system's.
const tmp = mkdtempSync(join(tmpdir(), 'okno-run-'));
const vitestJson = join(results, 'vitest.json');
const playwrightJson = join(results, 'playwright.json');

const vitestStatus = run(
  bin('vitest'),
  ['run', '-c', 'build/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  { TMPDIR: tmp },
);
const pwStatus = run(bin('playwright'), ['test', '-c', 'build/playwright.config.ts', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
  TMPDIR: tmp,
});

const total = { passed: 0, failed: 0, skipped: 0, notRun: new Map() };
const add = (counts) => {
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  for (const [project, n] of counts.notRun) total.notRun.set(project, (total.notRun.get(project) ?? 0) + n);
};
if (existsSync(vitestJson)) add(countVitest(JSON.parse(readFileSync(vitestJson, 'utf8'))));
else if (vitestStatus !== 0) total.failed += 1;
if (existsSync(playwrightJson)) add(countPlaywright(JSON.parse(readFileSync(playwrightJson, 'utf8'))));
else if (pwStatus !== 0) total.failed += 1;

// Tests clean up their temporary folders; one left behind is a failure of the run.
const leftInTmp = readdirSync(tmp).filter((name) => name.startsWith('okno-'));
if (leftInTmp.length > 0) {
  process.stdout.write(`\nLeft behind in the temporary folder by the tests (${leftInTmp.length}): ${leftInTmp.join(', ')}\n`);
  total.failed += 1;
}
rmSync(tmp, { recursive: true, force: true });

const ok = vitestStatus === 0 && pwStatus === 0 && total.failed === 0;
if (!ok && total.failed === 0) total.failed = 1; // a runner failed without a failing test (crash, config error)
process.stdout.write(`\n${closingLines(total).join('\n\n')}\n`);
process.exit(ok ? 0 : 1);
