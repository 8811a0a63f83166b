/**
 * Issue 17, the desk that dies: 50 applications taken offline and signed, a backup, the data folder
 * deleted, `npm run restore` with IT's private key into a new folder, the harness started there with
 * the registry up → the registry holds exactly the 50 submissions, each accepted once; the next
 * journal number follows the last; audit:verify passes on the restored folder.
 * Needs the build (`node build/scripts/build.mjs`): the CLIs and the harness run as their own processes.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { ApplicationDetail, SyncStatus } from '../../preload/contract';
import { countPending } from '../../db';
import { startCentralServer, type CentralServer } from '../central/server';
import { removeDir, startHarness, tempDir, watchEvents, type Harness, type HttpClient } from '../harness';
import { ADMIN, seedRoles, startInProcess, type InProcess } from '../support/in-process';
import { syntheticPerson } from '../support/sync-load';
import { rsaPair, runCli, writeConfig, writePrivateKey } from '../support/backup-keys';

const COUNT = 50;
const root = tempDir('okno-backup-restore-');
let central: CentralServer | null = null;
let harness: Harness | null = null;
let env: InProcess | null = null;
afterAll(async () => {
  await env?.close();
  await harness?.kill();
  await central?.close();
  removeDir(root);
});

const people = Array.from({ length: COUNT }, (_, i) => syntheticPerson(7000 + i));

function issueInput(p: (typeof people)[number]) {
  const { surname, givenNames, patronymic, birthDate, sex, citizenship } = p;
  const doc = p.documents[0];
  if (!doc) throw new Error('no document');
  return {
    procedure: 'issue',
    idNumber: p.idNumber,
    person: { surname, givenNames, patronymic, birthDate, sex, citizenship },
    document: { type: doc.type, series: doc.series, number: doc.number, expiresAt: doc.expiresAt },
    phone: p.phone,
    consent: true,
  };
}

async function takeAndSign(clerk: HttpClient, input: unknown): Promise<ApplicationDetail> {
  const created = await clerk.call<ApplicationDetail>('applications.create', input);
  if (!created.ok) throw new Error(JSON.stringify(created));
  const printed = await clerk.call('applications.markPrinted', { id: created.value.id });
  if (!printed.ok) throw new Error(JSON.stringify(printed));
  const signed = await clerk.call<ApplicationDetail>('applications.sign', { id: created.value.id });
  if (!signed.ok) throw new Error(JSON.stringify(signed));
  return signed.value;
}

it('50 applications signed offline survive the death of the desk: backup, restore with the private key, the queue drains once each', async () => {
  const pair = rsaPair();
  const folder = join(root, 'it-share');
  const deskA = join(root, 'desk-a');
  const deskB = join(root, 'desk-b');
  const desk = { officeCode: 'MN-01', workstationId: '2' };
  const backup = { folder, recoveryPublicKey: pair.publicPem };
  writeConfig(folder, '.keep', {});
  const configA = writeConfig(root, 'config-a.json', { ...desk, backup });

  // The desk takes the day's applications with the registry unreachable (no address yet).
  env = await startInProcess({ dataDir: deskA, configFile: configA, realClock: true });
  const { clerk } = await seedRoles(env);
  const ids: string[] = [];
  let lastJournalNo = '';
  for (const p of people) {
    const signed = await takeAndSign(clerk, issueInput(p));
    ids.push(signed.id);
    lastJournalNo = signed.journalNo;
  }
  expect(await countPending(env.app.deps.db)).toBe(COUNT);
  await env.close();
  env = null;

  // A backup now (the same code the app runs), then the desk dies.
  const made = runCli('backup', ['--data-dir', deskA, '--config', configA]);
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  const file = made.stdout.trim();
  expect(dirname(file)).toBe(folder);
  expect(basename(file)).toMatch(/^okno-backup-MN-01_2_\d{8}T\d{9}Z\.okb$/);
  expect(existsSync(file)).toBe(true);
  removeDir(deskA);

  // The registry comes up; a new machine gets the dead desk's identity and the registry's address.
  central = await startCentralServer({ port: 0, decisionDelayMs: 2, registry: people.map(({ phone: _p, ...p }) => p) });
  const configB = writeConfig(root, 'config-b.json', { ...desk, backup, registryUrl: central.url, registryToken: 'dev-token' });
  const keyFile = writePrivateKey(root, pair);
  const restored = runCli('restore', ['--backup', file, '--recovery-key', keyFile, '--data-dir', deskB, '--config', configB]);
  expect(restored.stderr).toBe('');
  expect(restored.code).toBe(0);
  // '2026/02-000050': the desk's own number in it (issue 14); the next follows it.
  const [, prefix = '', seq = ''] = /^(\d{4}\/\d{2}-)(\d{6})$/.exec(lastJournalNo) ?? [];
  expect(seq).not.toBe('');
  const next = `${prefix}${String(Number(seq) + 1).padStart(6, '0')}`;
  expect(restored.stdout).toContain(`последний номер ${lastJournalNo}, следующий — ${next}`);
  expect(readdirSync(deskB).sort()).toEqual(expect.arrayContaining(['okno.key', 'okno.sqlite']));

  harness = await startHarness({ dataDir: deskB, args: ['--config', configB, '--sync-poll-ms', '50'] });
  await watchEvents(
    harness,
    ADMIN,
    (event, data) => event === 'sync.status' && (data as SyncStatus).pending === 0 && (data as SyncStatus).online === true,
    60_000,
    async (client) => {
      const now = await client.call<SyncStatus>('sync.status');
      return now.ok && now.value.pending === 0 && now.value.online === true;
    },
  );
  expect(await harness.stop()).toBe(0);
  harness = null;
  expect(central.stats.totalAccepted).toBe(COUNT);
  for (const id of ids) {
    expect(central.stats.acceptedCount(id)).toBe(1);
    expect(central.state.submission(id)).toBeDefined();
  }

  // The restored desk's next application takes the next number (the registry is down again: deferred phone).
  await central.stop();
  env = await startInProcess({ dataDir: deskB, configFile: configB, realClock: true });
  const clerkB = await env.client();
  const login = await clerkB.call('auth.login', { login: 'clerk', password: 'clerk-password-1' });
  expect(login.ok).toBe(true);
  const created = await clerkB.call<ApplicationDetail>('applications.create', issueInput(syntheticPerson(7999)));
  expect(created).toMatchObject({ ok: true, value: { journalNo: next } });
  await env.close();
  env = null;

  const verified = runCli('audit-verify', ['--data-dir', deskB]);
  expect(verified.stdout).toContain('Журнал аудита цел.');
  expect(verified.code).toBe(0);
}, 240_000);
