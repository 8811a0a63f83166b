/**
 * Signing latency while a backup runs (issue 17: a backup must not delay a signing by more than a
 * few milliseconds; target p95 with a backup ≤ 2 × p95 without). A database of N applications
 * (generate-applications.ts), the real app with a backup folder and a recovery key, a clerk on the
 * loopback transport; each «Подписано» (`applications.sign`, with its label and outbox row) is
 * timed — first with no backup running, then while backups of the whole database run one after
 * another. Prints figures; asserts nothing.
 *
 *   npm run bench:backup [-- --count 200000] [--signings 150] [--data-dir DIR]
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { databaseFile } from '../../main/app';
import { reportBench } from './bench-json';
import { projectRoot, removeDir, tempDir, type HttpClient } from '../harness';
import { SEEDED_HASHES, seedClerk, startInProcess } from '../support/in-process';
import { applicationInput, syntheticPerson } from '../support/sync-load';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '200000' }, signings: { type: 'string', default: '150' }, 'data-dir': { type: 'string' } },
});
const count = Number(values.count);
const signings = Number(values.signings);
const root = tempDir('okno-bench-backup-');
const dataDir = values['data-dir'] ?? join(root, 'data');

const generated = spawnSync(
  join(projectRoot, 'node_modules', '.bin', 'tsx'),
  ['test/bench/generate-applications.ts', '--data-dir', dataDir, '--count', String(count)],
  { cwd: projectRoot, stdio: 'inherit' },
);
if (generated.status !== 0) throw new Error('generate-applications failed');

const folder = join(root, 'share');
mkdirSync(folder);
const recoveryPublicKey = generateKeyPairSync('rsa', { modulusLength: 3072 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const configFile = join(root, 'config.json');
writeFileSync(configFile, JSON.stringify({ officeCode: 'MN-01', workstationId: '1', backup: { folder, recoveryPublicKey } }));

const env = await startInProcess({ dataDir, configFile, realClock: true, retention: false });
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

/** Applications ready for «Подписано» (created and printed), so only the signing is timed. */
async function printed(clerk: HttpClient, n: number, from: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = syntheticPerson(900_000 + from + i);
    const created = await clerk.call<{ id: string }>('applications.create', applicationInput('issue', p));
    if (!created.ok) throw new Error(JSON.stringify(created));
    const marked = await clerk.call('applications.markPrinted', { id: created.value.id });
    if (!marked.ok) throw new Error(JSON.stringify(marked));
    ids.push(created.value.id);
  }
  return ids;
}

async function sign(clerk: HttpClient, id: string): Promise<number> {
  const start = performance.now();
  const signed = await clerk.call('applications.sign', { id });
  const ms = performance.now() - start;
  if (!signed.ok) throw new Error(JSON.stringify(signed));
  return ms;
}

try {
  await seedClerk(env, { login: 'clerk', fullName: 'Тестовый clerk', role: 'clerk', passwordHash: SEEDED_HASHES['clerk-password-1'] });
  const clerk = await env.client();
  const login = await clerk.call('auth.login', { login: 'clerk', password: 'clerk-password-1' });
  if (!login.ok) throw new Error(JSON.stringify(login));
  const backups = env.app.deps.backups;

  // One backup first: its time is recorded, so the baseline's signings do not ask for another.
  const firstStart = performance.now();
  const first = await backups.runNow('manual');
  const backupMs = performance.now() - firstStart;

  const warm = await printed(clerk, 10, 0);
  for (const id of warm) await sign(clerk, id);
  const quiet = await printed(clerk, signings, 100);
  const without: number[] = [];
  for (const id of quiet) {
    if (backups.status().running) throw new Error('a backup started during the baseline');
    without.push(await sign(clerk, id));
  }

  const busy = await printed(clerk, signings, 100 + signings);
  const during: number[] = [];
  let runs = 0;
  let running: Promise<unknown> = Promise.resolve();
  let ended = false;
  const startBackup = () => {
    runs++;
    ended = false;
    running = backups.runNow('manual').finally(() => {
      ended = true;
    });
  };
  startBackup();
  for (const id of busy) {
    // Every measured signing overlaps a backup: a new one starts whenever the last has ended.
    if (ended) startBackup();
    during.push(await sign(clerk, id));
  }
  await running;

  const p95Without = percentile(without, 95);
  const p95During = percentile(during, 95);
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  console.log(
    `\nsigning latency while a backup runs (${count.toLocaleString('en')} applications, ${mib(statSync(databaseFile(dataDir)).size)})`,
  );
  console.log(`  one backup: ${backupMs.toFixed(0)} ms, file ${mib(first?.bytes ?? 0)}; ${runs} backups during the measured signings`);
  console.log('  | signings | n | p50 ms | p95 ms | max ms |');
  console.log('  |---|---|---|---|---|');
  for (const [name, xs] of [
    ['no backup running', without],
    ['during a backup', during],
  ] as const)
    console.log(
      `  | ${name} | ${xs.length} | ${percentile(xs, 50).toFixed(1)} | ${percentile(xs, 95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`,
    );
  reportBench({
    name: 'backup-latency',
    rows: [
      { metric: 'one backup of the whole database', value: backupMs, unit: 'ms' },
      { metric: 'signing p95, no backup running', value: p95Without, unit: 'ms' },
      {
        metric: 'signing p95 during a backup (ratio: to no backup)',
        value: p95During,
        unit: 'ms',
        target: '≤ ×2 of no backup',
        baseline: p95Without,
      },
    ],
  });
} finally {
  await env.close();
  removeDir(root);
}
