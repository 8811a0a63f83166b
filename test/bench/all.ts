/**
 * Every benchmark, one after another, each as its own child process, and one table of their
 * figures with the targets (issue 18), so a regression shows at a glance. Each benchmark prints
 * its figures as the last line of its stdout (`BENCH_JSON …`, test/bench/bench-json.ts); one that
 * prints none shows «no figures», one that fails shows its exit code, and the others still run.
 * The benchmarks' own output goes to stderr as they run; the table goes to stdout.
 *
 *   npm run bench:all [-- --count 200000] [--drain-count 10000] [--only scan,applications,sync,start,backup,retention]
 *
 * Sizes are for speed (create/lookup on 200,000 rows, not the 1,000,000 of bench:applications).
 * The machine should be quiet: the figures are wall-clock times.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, removeDir, tempDir } from '../harness';
import { formatRows, parseBenchJson, type BenchRow } from './bench-json';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200000' },
    'drain-count': { type: 'string', default: '10000' },
    only: { type: 'string' },
  },
  strict: true,
});

type Step = { name: string; title: string; run: () => Promise<Outcome> };
type Outcome = { rows: BenchRow[] | null; exit: number | null; seconds: number };

const tsx = join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** Runs a script under tsx; its stdout is echoed to our stderr and kept for its BENCH_JSON line. */
function runScript(script: string, args: string[]): Promise<{ stdout: string; exit: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, script, ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      process.stderr.write(d);
    });
    child.once('error', () => resolve({ stdout, exit: -1 }));
    child.once('exit', (code) => resolve({ stdout, exit: code ?? -1 }));
  });
}

async function bench(script: string, args: string[]): Promise<Outcome> {
  const t0 = performance.now();
  const { stdout, exit } = await runScript(script, args);
  return { rows: parseBenchJson(stdout)?.rows ?? null, exit, seconds: (performance.now() - t0) / 1000 };
}

const count = values.count;
const steps: Step[] = [
  { name: 'scan', title: 'scan → form', run: () => bench('test/bench/scan-to-form.ts', []) },
  {
    name: 'applications',
    title: `create/lookup, ${Number(count).toLocaleString('en')} rows`,
    run: async () => {
      const dir = tempDir('okno-bench-all-');
      try {
        const t0 = performance.now();
        const made = await runScript('test/bench/generate-applications.ts', ['--data-dir', dir, '--count', count]);
        if (made.exit !== 0) return { rows: null, exit: made.exit, seconds: (performance.now() - t0) / 1000 };
        const out = await bench('test/bench/applications-bench.ts', ['--data-dir', dir]);
        return { ...out, seconds: (performance.now() - t0) / 1000 };
      } finally {
        removeDir(dir);
      }
    },
  },
  { name: 'sync', title: 'sync drain', run: () => bench('test/bench/sync-drain.ts', ['--count', values['drain-count']]) },
  { name: 'start', title: 'start and bundle sizes', run: () => bench('test/bench/run.ts', []) },
  { name: 'backup', title: 'signing during a backup', run: () => bench('test/bench/backup-latency.ts', ['--count', count]) },
  { name: 'retention', title: 'retention purge', run: () => bench('test/bench/retention-purge.ts', ['--count', count]) },
];

async function main(): Promise<void> {
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((n) => !steps.some((s) => s.name === n)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${steps.map((s) => s.name).join(', ')}`);
  const chosen = steps.filter((s) => only === undefined || only.includes(s.name));

  const built = spawnSync(process.execPath, ['build/scripts/build.mjs', '--if-stale'], { cwd: projectRoot, stdio: ['ignore', 2, 2] });
  if (built.status !== 0) throw new Error('the build failed');

  const outcomes: [Step, Outcome][] = [];
  for (const step of chosen) {
    process.stderr.write(`\n=== bench:all — ${step.title} ===\n`);
    outcomes.push([step, await step.run()]);
  }

  console.log('\nAll benchmarks (wall-clock figures: compare runs on the same, quiet machine)');
  for (const [step, out] of outcomes) {
    const state = out.exit === 0 ? '' : `, FAILED (exit ${out.exit ?? '?'})`;
    console.log(`\n## ${step.title} (${out.seconds.toFixed(0)} s${state})`);
    if (out.rows === null || out.rows.length === 0) console.log('  «no figures»');
    else for (const l of formatRows(out.rows)) console.log(`  ${l}`);
  }
  if (outcomes.some(([, o]) => o.exit !== 0)) process.exitCode = 1;
}

await main();
