/**
 * Issue 13: decisions never block. A page with a refusal code this build does not know, a malformed
 * item and a decision whose UID is not the application's person: the readable ones are applied, the
 * unknown code is kept and shown, the bad ones are set aside (audit row, count for IT in the sync
 * status) and the cursor moves past the page. The reference registry invents the code
 * (`invent-reasons` fault) and serves the bad items (`tamperDecision`).
 */
import { afterEach, expect, it } from 'vitest';
import type { ApplicationDetail, Notification, SyncStatus } from '../../preload/contract';
import { listAudit, readMeta } from '../../db';
import { CURSOR_KEY } from '../../main/sync/worker';
import { startCentralServer, type CentralServer } from '../central/server';
import type { HttpClient } from '../harness';
import { seedRoles, startInProcess, type InProcess, syncStatusWhere } from '../support/in-process';
import { applicationInput, syntheticPerson } from '../support/sync-load';

const SYNC = { backoff: { baseMs: 20, capMs: 400 }, offlineCheckMs: 100, decisionsPollMs: 40, idlePollMs: 500, timeoutMs: 3000 };
const people = Array.from({ length: 3 }, (_, i) => syntheticPerson(600 + i));

let central: CentralServer | null = null;
let env: InProcess | null = null;
afterEach(async () => {
  await env?.close();
  await central?.close();
});

const statusWhere = syncStatusWhere;

async function takeAndSign(clerk: HttpClient, p: (typeof people)[number]): Promise<string> {
  const created = await clerk.call<ApplicationDetail>('applications.create', applicationInput('block', p));
  if (!created.ok) throw new Error(JSON.stringify(created));
  expect((await clerk.call('applications.markPrinted', { id: created.value.id })).ok).toBe(true);
  expect((await clerk.call('applications.sign', { id: created.value.id })).ok).toBe(true);
  return created.value.id;
}

it('a page with an invented reason code, a malformed item and a UID of another person: the rest applied, the cursor past the page', async () => {
  central = await startCentralServer({
    port: 0,
    // Long enough for the three to be accepted together and decided in one go (one page).
    decisionDelayMs: 300,
    exposeSms: true,
    seed: 21,
    registry: people.map(({ phone: _p, ...p }) => p),
  });
  const c = central;
  for (const p of people) c.state.setUid(p.idNumber, { state: 'active', phone: p.phone, assignedAt: '2026-01-10T09:00:00.000Z' });
  env = await startInProcess({ realClock: true, sync: SYNC });
  const e = env;
  const { admin, clerk, supervisor } = await seedRoles(e);
  expect((await admin.call('settings.update', { registryUrl: c.url })).ok).toBe(true);
  expect((await admin.call('registry.setToken', { token: 'dev-token' })).ok).toBe(true);
  // Signed while the registry is away, so that all three go in one batch and are decided together (one page).
  await statusWhere(e, (s) => s.online === true);
  await c.stop();
  const ids: string[] = [];
  for (const p of people) ids.push(await takeAndSign(clerk, p));
  const [invented, malformed, otherUid] = ids as [string, string, string];
  c.setFaults('invent-reasons=1');
  c.tamperDecision(malformed, ({ outcome: _o, ...rest }) => ({ ...rest, outcome: 'maybe' }));
  c.tamperDecision(otherUid, (d) => ({ ...d, outcome: 'approved', reasons: undefined, uid: people[0]?.idNumber }));
  await c.start();

  const status = await statusWhere(e, (s) => s.decisionsSetAside === 2 && s.awaitingDecision === 2);
  expect(status.pending).toBe(0);
  for (const id of ids) expect(c.stats.decisionsCount(id)).toBe(1);

  // The readable one is applied, its unknown code kept as it came.
  const detail = await clerk.call<ApplicationDetail>('applications.get', { id: invented });
  expect(detail).toMatchObject({ ok: true, value: { state: 'refused', refusalReasons: [expect.stringMatching(/^NEW_REASON_\d{4}$/)] } });
  const notes = await clerk.call<{ items: Notification[] }>('notifications.list');
  expect(notes.ok && notes.value.items.map((n) => [n.applicationId, n.outcome])).toEqual([[invented, 'refused']]);
  // The notification shows the code itself.
  expect(notes.ok && notes.value.items[0]?.reasons.join(' ')).toMatch(/^Отказано реестром: код NEW_REASON_\d{4}$/);

  // The other two are not applied: still waiting for a decision, each set aside with an audit row.
  for (const id of [malformed, otherUid]) {
    expect(await clerk.call<ApplicationDetail>('applications.get', { id })).toMatchObject({ ok: true, value: { state: 'sent' } });
  }
  const setAside = (await listAudit(e.app.deps.db, { action: 'sync.decision_set_aside', limit: 10 })).entries;
  expect(setAside.map((a) => a.details['why']).sort()).toEqual(['malformed', 'uid_mismatch']);
  expect(setAside.find((a) => a.details['why'] === 'malformed')?.details['submissionId']).toBe(malformed);
  expect(setAside.find((a) => a.details['why'] === 'uid_mismatch')?.subject).toBe(otherUid);
  // IT sees it in the status the supervisor's «Очередь отправки» reads.
  expect(await supervisor.call<SyncStatus>('sync.status')).toMatchObject({ ok: true, value: { decisionsSetAside: 2 } });

  // The cursor is past the whole page: the next pull starts after the last decision the registry made.
  expect(await readMeta(e.app.deps.db, CURSOR_KEY)).toBe(c.state.decisions().at(-1)?.cursor);
});
