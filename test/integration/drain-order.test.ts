/**
 * Issue 18: the drain keeps two requests on the wire and reads its pages by keyset on a connection
 * of its own. These pin down what that must never change, on a real database with a scripted
 * registry (the answers' timing is the point, which the reference server cannot order):
 * - an answer is handled only after every answer sent before it; when the first of two fails, the
 *   second one's accepted items are still stored as sent and the failed ones stay pending, retried;
 * - a backlog larger than a page is sent whole, each item once, in signing order.
 */
import { afterEach, expect, it } from 'vitest';
import { closeDatabase, findOutboxItem, openDatabase, countPending, type FieldCipher } from '../../db';
import { createFieldCipher } from '../../db';
import type { CentralClient } from '../../main/central/client';
import type { Submission, SubmissionsResponse } from '../../main/central/schemas';
import { silentLogger } from '../../main/log';
import { drainOutbox } from '../../main/sync/drain';
import type { SyncContext } from '../../main/sync/context';
import type { Knex } from 'knex';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { removeDir, tempDir } from '../harness';
import { seedSignedApplications, syntheticPerson } from '../support/sync-load';

let dir: string | null = null;
let db: Knex | null = null;
afterEach(async () => {
  if (db) await closeDatabase(db);
  if (dir) removeDir(dir);
  db = null;
  dir = null;
});

async function setUp(count: number): Promise<{ db: Knex; cipher: FieldCipher; ids: string[] }> {
  dir = tempDir('okno-drain-');
  const opened = await openDatabase({ file: join(dir, 'okno.sqlite'), backupsDir: join(dir, 'backups'), log: silentLogger });
  if (!opened.ok) throw new Error(opened.error.message);
  db = opened.db;
  await db('clerks').insert({
    id: 'c1',
    login: 'clerk',
    full_name: 'Тестовый сотрудник',
    role: 'clerk',
    password_hash: 'x',
    created_at: '2026-12-01T09:00:00.000Z',
    updated_at: '2026-12-01T09:00:00.000Z',
  });
  const cipher = createFieldCipher(randomBytes(32));
  const people = Array.from({ length: count }, (_, i) => syntheticPerson(i));
  const ids = await seedSignedApplications(
    db,
    cipher,
    { clerkId: 'c1', officeCode: 'MN-01', workstationId: '1', year: 2026, now: new Date() },
    people,
  );
  return { db, cipher, ids };
}

function contextFor(d: Knex, cipher: FieldCipher): SyncContext {
  return {
    deps: { db: d, cipher, log: silentLogger, clock: { now: () => new Date() } },
    policy: { baseMs: 1000, capMs: 60_000 },
    random: () => 0.5,
    update: () => undefined,
    failed: () => undefined,
    decided: [],
    flushDecided: () => undefined,
  };
}

const accepted = (items: Submission[]): SubmissionsResponse => ({ results: items.map((s) => ({ id: s.id, status: 'accepted' as const })) });

/** A registry whose `submit` answers are scripted per call; every call's items are recorded. */
function scripted(answer: (call: number, items: Submission[]) => Promise<Awaited<ReturnType<CentralClient['submit']>>>) {
  const calls: Submission[][] = [];
  const api = {
    submit: (items: Submission[]) => {
      calls.push(items);
      return answer(calls.length, items);
    },
  } as Pick<CentralClient, 'submit'> as CentralClient;
  return { api, calls };
}

it('the first of two requests on the wire fails after the second was accepted: the second is stored as sent, the first stays pending', async () => {
  const { db: d, cipher, ids } = await setUp(200);
  let releaseFirst: () => void = () => undefined;
  const firstMayAnswer = new Promise<void>((resolve) => (releaseFirst = resolve));
  const { api, calls } = scripted(async (call, items) => {
    if (call === 1) {
      // The first answer comes only after the second request was answered: a slow, then broken connection.
      await firstMayAnswer;
      return { ok: false, failure: { kind: 'network', detail: 'socket hang up' } };
    }
    releaseFirst();
    return { ok: true, value: accepted(items) };
  });

  const finished = await drainOutbox(contextFor(d, cipher), api, { batchSize: 100, afterBatch: async () => undefined });

  expect(finished).toBe(false);
  expect(calls.map((c) => c.length)).toEqual([100, 100]);
  // Signed in one moment: the outbox's order is then the id's (enqueued_at, application_id).
  const inOrder = [...ids].sort();
  const [first, second] = [inOrder.slice(0, 100), inOrder.slice(100)];
  expect(calls[0]?.map((s) => s.id)).toEqual(first);
  for (const id of second) expect((await findOutboxItem(d, id))?.state).toBe('sent');
  for (const id of first) {
    const item = await findOutboxItem(d, id);
    expect(item).toMatchObject({ state: 'pending', attempts: 1 });
    expect(item?.lastError).toMatch(/Нет связи с реестром/);
  }
  const states = await d('applications').select('state').count({ n: '*' }).groupBy('state');
  expect(states).toEqual(
    expect.arrayContaining([
      { state: 'queued', n: 100 },
      { state: 'sent', n: 100 },
    ]),
  );
  expect(await countPending(d)).toBe(100);
});

it('a backlog of several pages goes whole, each item once, in signing order', async () => {
  const { db: d, cipher, ids } = await setUp(1250);
  const { api, calls } = scripted(async (_call, items) => ({ ok: true, value: accepted(items) }));

  expect(await drainOutbox(contextFor(d, cipher), api, { batchSize: 100, afterBatch: async () => undefined })).toBe(true);

  const sent = calls.flat().map((s) => s.id);
  expect(sent).toEqual([...ids].sort());
  expect(await countPending(d)).toBe(0);
  expect(await d('applications').where('state', 'sent').count({ n: '*' })).toEqual([{ n: 1250 }]);
  expect(await d('audit_log').where('action', 'application.sent').count({ n: '*' })).toEqual([{ n: 1250 }]);
});
