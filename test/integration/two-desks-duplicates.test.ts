/**
 * Issue 14, no double application across desks: two real desks (two data folders, two in-process
 * apps) of one office against one reference registry, each with a token bound to its desk.
 * Online, desk 2 cannot file a second «Новый пароль» while desk 1's waits at the registry, and is
 * told desk 1's journal number; offline, both desks take «Смена телефона» for the same person and,
 * once both drain, the registry approves exactly one and refuses the other with DUPLICATE_PENDING.
 */
import { afterEach, expect, it } from 'vitest';
import type { ApplicationDetail, Procedure } from '../../preload/contract';
import { startCentralServer, type CentralServer } from '../central/server';
import type { HttpClient } from '../harness';
import { seedRoles, startInProcess, syncStatusWhere, type InProcess } from '../support/in-process';
import { applicationInput, syntheticPerson } from '../support/sync-load';

const SYNC = { backoff: { baseMs: 20, capMs: 400 }, offlineCheckMs: 100, decisionsPollMs: 40, idlePollMs: 300, timeoutMs: 3000 };
const OFFICE = 'MN-14';
/** People 700.. of the synthetic set: nobody else's tests use them. */
const people = Array.from({ length: 4 }, (_, i) => syntheticPerson(700 + i));

let central: CentralServer | null = null;
const desks: InProcess[] = [];
afterEach(async () => {
  for (const d of desks.splice(0)) await d.close();
  await central?.close();
  central = null;
});

async function desk(c: CentralServer, workstationId: string): Promise<HttpClient> {
  const env = await startInProcess({ realClock: true, sync: SYNC });
  desks.push(env);
  const roles = await seedRoles(env, { officeCode: OFFICE, workstationId });
  expect((await roles.admin.call('settings.update', { registryUrl: c.url })).ok).toBe(true);
  expect((await roles.admin.call('registry.setToken', { token: `desk-${workstationId}-token` })).ok).toBe(true);
  return roles.clerk;
}

async function registry(decisionDelayMs: number): Promise<CentralServer> {
  central = await startCentralServer({
    port: 0,
    decisionDelayMs,
    exposeSms: true,
    token: [`desk-1-token=${OFFICE}/1`, `desk-2-token=${OFFICE}/2`],
    registry: people.map(({ phone: _p, ...p }) => p),
  });
  for (const p of people) central.state.setUid(p.idNumber, { state: 'active', phone: p.phone, assignedAt: '2026-01-10T09:00:00.000Z' });
  return central;
}

async function createSigned(clerk: HttpClient, procedure: Procedure, person: (typeof people)[number]): Promise<ApplicationDetail> {
  const created = await clerk.call<ApplicationDetail>('applications.create', applicationInput(procedure, person));
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  expect((await clerk.call('applications.markPrinted', { id: created.value.id })).ok).toBe(true);
  const signed = await clerk.call<ApplicationDetail>('applications.sign', { id: created.value.id });
  if (!signed.ok) throw new Error(JSON.stringify(signed.error));
  return signed.value;
}

it('online: desk 2 cannot file a second «Новый пароль» while desk 1’s waits, and is told desk 1’s number', async () => {
  const c = await registry(600_000);
  const [clerk1, clerk2] = [await desk(c, '1'), await desk(c, '2')];
  const person = people[0];
  if (!person) throw new Error('no person');

  const first = await createSigned(clerk1, 'reset_password', person);
  expect(first.journalNo).toMatch(/^\d{4}\/01-\d{6}$/);
  const desk1 = desks[0];
  if (!desk1) throw new Error('no desk');
  await syncStatusWhere(desk1, (s) => s.pending === 0 && s.awaitingDecision === 1);

  const second = await clerk2.call('applications.create', applicationInput('reset_password', person));
  expect(second).toMatchObject({
    ok: false,
    error: { code: 'registry_refused', reason: { code: 'DUPLICATE_PENDING', params: { workstationId: '1', journalNo: first.journalNo } } },
  });
  if (second.ok) return;
  expect(second.error.message).toContain(first.journalNo);
  // Nothing was written at desk 2.
  expect(await desks[1]?.app.deps.db('applications').count({ n: '*' })).toEqual([{ n: 0 }]);
});

it('offline: both desks take «Смена телефона» for one person; after both drain, exactly one is approved, the other refused DUPLICATE_PENDING', async () => {
  const c = await registry(3_000);
  const [clerk1, clerk2] = [await desk(c, '1'), await desk(c, '2')];
  const person = people[1];
  if (!person) throw new Error('no person');
  await c.stop();
  const [d1, d2] = desks;
  if (!d1 || !d2) throw new Error('no desks');
  for (const d of desks) await syncStatusWhere(d, (s) => s.online === false);

  const a = await createSigned(clerk1, 'change_phone', person);
  const b = await createSigned(clerk2, 'change_phone', person);
  expect(a.phoneConfirmation).toBe('deferred');
  expect(b.phoneConfirmation).toBe('deferred');

  await c.start();
  for (const d of desks) await syncStatusWhere(d, (s) => s.pending === 0 && s.awaitingDecision === 0, 60_000);
  const outcomes = await Promise.all(
    [
      [clerk1, a],
      [clerk2, b],
    ].map(async ([clerk, app]) => {
      const r = await (clerk as HttpClient).call<ApplicationDetail>('applications.get', { id: (app as ApplicationDetail).id });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return { state: r.value.state, reasons: r.value.refusalReasons };
    }),
  );
  expect(outcomes.map((o) => o.state).sort()).toEqual(['approved', 'refused']);
  expect(outcomes.find((o) => o.state === 'refused')?.reasons).toEqual(['DUPLICATE_PENDING']);
  // The registry holds both, each once, and decided each.
  for (const app of [a, b]) expect(c.state.submission(app.id)).toBeDefined();
  expect(c.state.decisions().filter((d) => d.submissionId === a.id || d.submissionId === b.id)).toHaveLength(2);
}, 90_000);
