/**
 * Crash test for sync: the built harness (its own process) drains 500 signed applications to the
 * reference registry and is SIGKILLed at 20 random moments (after a random number of registry
 * decisions since its start), restarted each time on the same data. At the end every application
 * is decided once at the registry and once locally, none lost, none duplicated, and the database
 * passes its integrity check.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { SyncStatus } from '../../preload/contract';
import { closeDatabase, integrityCheck, openDatabase, verifyAuditChain } from '../../db';
import { silentLogger } from '../../main/log';
import { startCentralServer, type CentralServer } from '../central/server';
import { HttpClient, removeDir, startHarness, tempDir, watchEvents, type Harness } from '../harness';
import { prng } from '../support/prng';
import { seedHarnessDataDir, syntheticPerson } from '../support/sync-load';
import { useFolderChainKey } from '../support/chain-key';

const COUNT = 500;
const KILLS = 20;

const dataDir = tempDir('okno-sync-crash-');
let central: CentralServer | null = null;
let harness: Harness | null = null;
afterAll(async () => {
  await harness?.kill();
  await central?.close();
  removeDir(dataDir);
});

const ADMIN = { login: 'admin', password: 'admin-password-1' };

const syncStatus = (h: Harness, match: (s: SyncStatus) => boolean, timeoutMs: number) =>
  watchEvents(
    h,
    ADMIN,
    (event, data) => event === 'sync.status' && match(data as SyncStatus),
    timeoutMs,
    async (client) => {
      const now = await client.call<SyncStatus>('sync.status');
      return now.ok && match(now.value);
    },
  );

/** Resolves after the harness applied `n` more decisions (or when it has nothing left to do). */
const decidedLocally = (h: Harness, n: number) => {
  let seen = 0;
  return watchEvents(
    h,
    ADMIN,
    (event, data) =>
      (event === 'applications.decided' && ++seen >= n) ||
      (event === 'sync.status' && (data as SyncStatus).pending === 0 && (data as SyncStatus).awaitingDecision === 0),
    60_000,
  );
};

it(`${COUNT} applications, ${KILLS} SIGKILLs during the sync: each decided exactly once, nothing lost, the database intact`, async () => {
  const people = Array.from({ length: COUNT }, (_, i) => syntheticPerson(i));
  central = await startCentralServer({ port: 0, decisionDelayMs: 2, registry: people.map(({ phone: _p, ...p }) => p) });
  const config = join(dataDir, 'config.json');
  writeFileSync(config, JSON.stringify({ registryUrl: central.url, registryToken: 'dev-token', officeCode: 'MN-01' }));
  const args = ['--config', config, '--sync-poll-ms', '50'];

  // First start: the database and key exist, the administrator too; then the harness stops cleanly.
  const first = await startHarness({ dataDir, args });
  const admin = await new HttpClient(first.url).connect();
  const created = await admin.call<{ clerkId: string }>('setup.createAdmin', { ...ADMIN, passwordRepeat: ADMIN.password });
  if (!created.ok) throw new Error(JSON.stringify(created));
  // The registry is reachable and nothing is queued yet.
  await syncStatus(first, (s) => s.online === true, 20_000);
  expect(await first.stop()).toBe(0);

  // The day's work, signed while the harness was down.
  await seedHarnessDataDir(dataDir, 'MN-01', people);

  const random = prng(20261123);
  let kills = 0;
  let applied = 0;
  for (; kills < KILLS && applied < COUNT; kills++) {
    harness = await startHarness({ dataDir, args });
    const n = 1 + Math.floor(random() * 25);
    await decidedLocally(harness, n);
    applied += n;
    await harness.kill();
    harness = null;
  }
  // Every kill came while work was left (fewer than COUNT decisions applied before it).
  expect(kills).toBe(KILLS);

  harness = await startHarness({ dataDir, args });
  await syncStatus(harness, (s) => s.pending === 0 && s.awaitingDecision === 0 && s.online === true, 60_000);
  expect(await harness.stop()).toBe(0);
  harness = null;

  for (const p of people) expect(central.state.uid(p.idNumber)?.state).toBe('active');
  expect(central.stats.totalAccepted).toBe(COUNT);
  expect(central.stats.totalDecisions).toBe(COUNT);

  const db = await openDatabase({ file: join(dataDir, 'okno.sqlite'), backupsDir: join(dataDir, 'backups'), log: silentLogger });
  if (!db.ok) throw new Error(db.error.message);
  try {
    expect(await integrityCheck(db.db)).toEqual([]);
    const states = (await db.db('applications').select('state').count({ n: '*' }).groupBy('state')) as { state: string; n: number }[];
    expect(states).toEqual([{ state: 'approved', n: COUNT }]);
    const approvals = (await db.db('audit_log').where({ action: 'application.approved' }).count({ n: '*' }).first()) as { n: number };
    expect(approvals.n).toBe(COUNT);
    const outbox = (await db.db('outbox').select('state').count({ n: '*' }).groupBy('state')) as { state: string; n: number }[];
    expect(outbox).toEqual([{ state: 'sent', n: COUNT }]);
    useFolderChainKey(db.db, dataDir);
    expect((await verifyAuditChain(db.db)).ok).toBe(true);
  } finally {
    await closeDatabase(db.db);
  }
}, 300_000);
