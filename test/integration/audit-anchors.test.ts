/**
 * Audit anchors against the reference registry (issue 15): the sync cycle records the head of the
 * local audit chain (POST /v1/audit-anchors), «Проверить цепочку» (audit.verify) compares the local
 * log with the anchors, and a 409 (another head at the same seq) is audited once, not retried.
 * Idle polling is long, so a cycle runs only when the test asks (sendNow).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditVerification } from '../../preload/contract';
import { chainHashOf, listAudit, rechainAudit, readAuditHead } from '../../db';
import { audit } from '../../main/services/deps';
import { startCentralServer, type CentralServer } from '../central/server';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

const SYNC = { backoff: { baseMs: 20, capMs: 400 }, offlineCheckMs: 60_000, decisionsPollMs: 60_000, idlePollMs: 60_000, timeoutMs: 3000 };

let central: CentralServer | null = null;
let env: InProcess | null = null;
afterEach(async () => {
  await env?.close();
  await central?.close();
  env = null;
  central = null;
});

async function setUp() {
  const registry = await startCentralServer({ port: 0, decisionDelayMs: 10, seed: 7 });
  central = registry;
  const app = await startInProcess({ realClock: true, sync: SYNC });
  env = app;
  const roles = await seedRoles(app);
  expect((await roles.admin.call('settings.update', { registryUrl: registry.url })).ok).toBe(true);
  expect((await roles.admin.call('registry.setToken', { token: 'dev-token' })).ok).toBe(true);
  await app.app.deps.sync.sendNow();
  return { ...roles, env: app, central: registry };
}

async function verify(supervisor: Awaited<ReturnType<typeof setUp>>['supervisor']): Promise<AuditVerification> {
  const r = await supervisor.call<AuditVerification>('audit.verify', {});
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value;
}

describe('audit anchors', () => {
  it('the sync cycle anchors the head; audit.verify finds the log and the anchors agree', async () => {
    const { env, central, supervisor } = await setUp();
    const anchors = central.state.anchors();
    expect(anchors.length).toBeGreaterThanOrEqual(1);
    const last = anchors.at(-1);
    const { entries } = await listAudit(env.app.deps.db, { limit: 500 });
    expect(last).toMatchObject({ workstationId: '1', headHash: entries.find((e) => e.seq === last?.seq)?.hash });
    // Nothing new: the next cycle posts nothing.
    await env.app.deps.sync.sendNow();
    expect(central.state.anchors()).toHaveLength(anchors.length);
    expect((await verify(supervisor)).anchors).toEqual({ status: 'agrees', anchors: anchors.length });
  });

  it('a row rewritten after anchoring — even with the key, the chain re-computed — is reported', async () => {
    const { env, central, supervisor } = await setUp();
    const anchored = central.state.anchors().at(0);
    if (anchored === undefined) throw new Error('nothing anchored');
    const { db } = env.app.deps;
    const hash = await chainHashOf(db);
    await db.transaction((trx) =>
      rechainAudit(trx, { hash, rewrite: (f) => (f.seq === 2 ? { ...f, details: { ...f.details, forged: true } } : f) }),
    );
    const result = await verify(supervisor);
    // The local chain is consistent (whoever rewrote it had the key); the registry's copy is not.
    expect(result.ok).toBe(true);
    expect(result.anchors).toEqual({ status: 'disagrees', seq: anchored.seq, reason: 'hash_differs' });
  });

  it('offline: says the anchors could not be checked', async () => {
    const { central, supervisor } = await setUp();
    await central.stop();
    expect((await verify(supervisor)).anchors).toEqual({ status: 'unchecked', reason: 'offline' });
  });

  it('a 409 is audited once and not retried: the next head is anchored as usual', async () => {
    const { env, central } = await setUp();
    const { db } = env.app.deps;
    await audit(db, env.app.deps, null, 'app.started', null, { version: 'test' });
    const head = await readAuditHead(db);
    if (head === null) throw new Error('no head');
    // Someone anchored another head at this seq (as if this log had been rewritten since).
    const planted = await fetch(`${central.url}v1/audit-anchors`, {
      method: 'POST',
      headers: { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ workstationId: '1', seq: head.seq, headHash: 'f'.repeat(64), at: new Date().toISOString() }),
    });
    expect(planted.status).toBe(201);

    await env.app.deps.sync.sendNow();
    const conflicts = async () => (await listAudit(db, { action: 'audit.anchor_conflict', limit: 10 })).entries;
    expect((await conflicts()).map((e) => e.details)).toEqual([{ seq: head.seq, headHash: head.hash, workstationId: '1' }]);
    // The conflict row moved the head: the next cycle anchors that one, the refused head is not sent again.
    await env.app.deps.sync.sendNow();
    await env.app.deps.sync.sendNow();
    expect(await conflicts()).toHaveLength(1);
    expect(central.state.anchors().at(-1)).toMatchObject({ seq: head.seq + 1 });
    expect(central.state.anchors().filter((a) => a.seq === head.seq)).toHaveLength(1);
  });
});
