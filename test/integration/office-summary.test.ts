/**
 * «Вся служба»: the registry's office summary (central-api.yaml 1.1) read by a desk. Two desks of
 * one office send to one reference registry on 127.0.0.1: desk 1 is the real app (its own SQLite
 * file, its sync worker drains signed applications), desk 2's submissions are posted as a 1.1 desk
 * sends them (with the clerk's login and name), some on other Minsk days and right at Minsk
 * midnight; a third desk of another office sends too. The summary's counts are checked against
 * counts the test makes from what was sent; then offline, unconfigured and refused desks get the
 * unavailable value, and the registry's own answers (422, 403, 401) are checked over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficeSummaryResult, SyncStatus } from '../../preload/contract';
import type { OfficeSummary, Submission } from '../../main/central/schemas';
import { startCentralServer, type CentralServer } from '../central/server';
import { removeDir, tempDir, type HttpClient } from '../harness';
import { seedRoles, startInProcess, type InProcess, syncStatusWhere } from '../support/in-process';
import { seedSignedApplications, syntheticPerson } from '../support/sync-load';

const OFFICE = 'OFF-7';
const TOKEN = 'office-7-token';
const OTHER_TOKEN = 'office-8-token';
const TOKENS = [
  { token: TOKEN, caller: { officeCode: OFFICE, workstationId: null } },
  { token: OTHER_TOKEN, caller: { officeCode: 'OFF-8', workstationId: null } },
];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SYNC = { backoff: { baseMs: 20, capMs: 400 }, offlineCheckMs: 100, decisionsPollMs: 40, idlePollMs: 500, timeoutMs: 3000 };

const minskDay = (ms: number) => new Date(ms + 3 * HOUR).toISOString().slice(0, 10);
/** The instant a Minsk day starts (UTC+3 all year). */
const minskStart = (date: string) => Date.parse(`${date}T00:00:00Z`) - 3 * HOUR;

const people = Array.from({ length: 60 }, (_, i) => syntheticPerson(500 + i));
const DESK1 = people.slice(0, 24);
const DESK2 = people.slice(24, 54);
const OTHER_OFFICE = people.slice(54);

let central: CentralServer;
let desk1: InProcess;
let supervisor: HttpClient;
let admin: HttpClient;
let stateDir: string;
const sent: Submission[] = [];

const today = minskDay(Date.now());
const twoDaysAgo = minskDay(Date.now() - 2 * DAY);
const yesterday = minskDay(Date.now() - DAY);

/** A submission as a 1.1 desk sends it; the procedure and the clerk vary with n. */
function submission(n: number, p: (typeof people)[number], at: { office: string; ws: string; signedAt: string }): Submission {
  const doc = p.documents[0];
  if (!doc) throw new Error('a person without a document');
  const procedure = (['issue', 'block', 'reset_password', 'change_phone', 'unblock'] as const)[n % 5] ?? 'issue';
  const clerk =
    n % 3 === 0 ? { login: 'kovalchuk', name: 'Ковальчук Олег Петрович' } : { login: 'petrova', name: 'Петрова Анна Сергеевна' };
  return {
    id: randomUUID(),
    procedure,
    idNumber: p.idNumber,
    person: {
      surname: p.surname,
      givenNames: p.givenNames,
      birthDate: p.birthDate,
      sex: p.sex,
      citizenship: p.citizenship,
      patronymic: p.patronymic,
    },
    document: { type: doc.type, number: doc.number, expiresAt: doc.expiresAt, ...(doc.series !== undefined && { series: doc.series }) },
    ...((procedure === 'issue' || procedure === 'change_phone') && { phone: p.phone, phoneConfirmation: { method: 'deferred' as const } }),
    consentToVerification: true,
    officeCode: at.office,
    workstationId: at.ws,
    clerkId: `${at.ws}-${clerk.login}`,
    clerkLogin: clerk.login,
    clerkName: clerk.name,
    journalNo: `2026/${at.ws.padStart(2, '0')}-${String(n).padStart(6, '0')}`,
    signedAt: at.signedAt,
  };
}

async function post(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? TOKEN}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(new URL(path, central.url), {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

const statusWhere = (match: (s: SyncStatus) => boolean, timeoutMs = 30_000): Promise<SyncStatus> =>
  syncStatusWhere(desk1, match, timeoutMs);

/** What the summary must say of `list` for the period, counted by the test itself. */
function expected(list: readonly Submission[], from: string, to: string, outcomeOf: (id: string) => string) {
  const inPeriod = list.filter(
    (s) => s.officeCode === OFFICE && minskDay(Date.parse(s.signedAt)) >= from && minskDay(Date.parse(s.signedAt)) <= to,
  );
  const tally = (key: (s: Submission) => string) => {
    const m = new Map<string, number>();
    for (const s of inPeriod) m.set(key(s), (m.get(key(s)) ?? 0) + 1);
    return m;
  };
  return {
    total: inPeriod.length,
    byDay: tally((s) => minskDay(Date.parse(s.signedAt))),
    byProcedure: tally((s) => s.procedure),
    byWorkstation: tally((s) => s.workstationId),
    // Until the desk sends the clerk's login (contract 1.1) the registry knows its clerks by id.
    byClerk: tally((s) => s.clerkLogin ?? s.clerkId),
    byOutcome: tally((s) => outcomeOf(s.id)),
  };
}

const nonZero = (rows: readonly { key: string; count: number }[]) => new Map(rows.filter((r) => r.count > 0).map((r) => [r.key, r.count]));

async function officeSummary(from: string, to: string): Promise<OfficeSummaryResult> {
  const r = await supervisor.call<OfficeSummaryResult>('reports.officeSummary', { from, to });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value;
}

beforeAll(async () => {
  stateDir = tempDir('okno-office-summary-');
  const registry = people.map(({ phone: _p, ...p }) => p);
  // Decisions an hour away: everything received is pending at first.
  central = await startCentralServer({
    registry,
    token: TOKENS,
    decisionDelayMs: HOUR,
    stateFile: `${stateDir}/state.json`,
  });
  desk1 = await startInProcess({ realClock: true, sync: SYNC });
  const roles = await seedRoles(desk1);
  admin = roles.admin;
  supervisor = roles.supervisor;
  expect((await admin.call('settings.update', { officeCode: OFFICE, workstationId: '1', registryUrl: central.url })).ok).toBe(true);
  expect((await admin.call('registry.setToken', { token: TOKEN })).ok).toBe(true);

  // Desk 1: the day's work signed, drained by its own sync worker.
  const clerkRow = (await desk1.app.deps.db('clerks').where({ login: 'clerk' }).first()) as { id: string };
  const ids = await seedSignedApplications(
    desk1.app.deps.db,
    desk1.app.deps.cipher,
    { clerkId: clerkRow.id, officeCode: OFFICE, workstationId: '1', year: 2026, now: new Date() },
    DESK1,
  );
  desk1.app.deps.sync.kick();
  await statusWhere((s) => s.online === true && s.pending === 0 && s.awaitingDecision === DESK1.length);
  for (const id of ids) {
    const body = central.state.submission(id);
    expect(body).toBeDefined();
    if (body) sent.push(body);
  }

  // Desk 2 (and a desk of another office): today, yesterday, two days ago, and at Minsk midnight.
  const midnight = minskStart(today);
  const times = [Date.now() - 60_000, Date.now() - DAY, Date.now() - 2 * DAY, midnight - 1000, midnight];
  const desk2 = DESK2.map((p, i) =>
    submission(i, p, { office: OFFICE, ws: '2', signedAt: new Date(Math.min(times[i % times.length] ?? 0, Date.now())).toISOString() }),
  );
  const other = OTHER_OFFICE.map((p, i) => submission(i, p, { office: 'OFF-8', ws: '2', signedAt: new Date().toISOString() }));
  // Each office sends with its own token: ours is bound to our office (any desk), the other's to its.
  expect((await post('v1/submissions', { method: 'POST', body: { items: desk2 } })).status).toBe(200);
  expect((await post('v1/submissions', { method: 'POST', body: { items: other }, token: OTHER_TOKEN })).status).toBe(200);
  sent.push(...desk2, ...other);
}, 60_000);

afterAll(async () => {
  await desk1?.close();
  await central?.close();
  removeDir(stateDir);
});

describe('reports.officeSummary against the reference registry', () => {
  it('counts what both desks sent, per day, procedure, desk, clerk and outcome; another office is not counted', async () => {
    const result = await officeSummary(twoDaysAgo, today);
    expect(result.available).toBe(true);
    if (!result.available) return;
    expect(result.workstationId).toBe('1');
    const s = result.summary;
    const want = expected(sent, twoDaysAgo, today, () => 'pending');
    expect(want.total).toBe(DESK1.length + DESK2.length);
    expect(s).toMatchObject({ officeCode: OFFICE, from: twoDaysAgo, to: today, total: want.total });
    expect(s.byDay.map((d) => d.date)).toEqual([twoDaysAgo, yesterday, today]);
    expect(new Map(s.byDay.filter((d) => d.count > 0).map((d) => [d.date, d.count]))).toEqual(want.byDay);
    expect(s.byProcedure.map((p) => p.key)).toEqual(['issue', 'block', 'unblock', 'change_phone', 'reset_password']);
    expect(nonZero(s.byProcedure)).toEqual(want.byProcedure);
    expect(s.byWorkstation).toEqual([
      { key: '1', count: DESK1.length },
      { key: '2', count: DESK2.length },
    ]);
    expect(new Map(s.byClerk.map((c) => [c.clerkLogin, c.count]))).toEqual(want.byClerk);
    expect(s.byClerk.find((c) => c.clerkLogin === 'kovalchuk')?.clerkName).toBe('Ковальчук Олег Петрович');
    expect(s.byOutcome).toEqual([
      { key: 'approved', count: 0 },
      { key: 'refused', count: 0 },
      { key: 'pending', count: want.total },
    ]);
  });

  it('a period of one day: the Minsk day, its midnight on the right side', async () => {
    const result = await officeSummary(today, today);
    if (!result.available) throw new Error(JSON.stringify(result));
    const want = expected(sent, today, today, () => 'pending');
    expect(result.summary.total).toBe(want.total);
    expect(result.summary.byDay).toEqual([{ date: today, count: want.total }]);
    // The one signed a second before today's Minsk midnight is yesterday's.
    const before = sent.find((x) => Date.parse(x.signedAt) === minskStart(today) - 1000);
    expect(before).toBeDefined();
    const day = await officeSummary(yesterday, yesterday);
    if (!day.available) throw new Error(JSON.stringify(day));
    expect(day.summary.total).toBe(expected(sent, yesterday, yesterday, () => 'pending').total);
  });

  it('outcomes follow the registry’s decisions once it has decided', async () => {
    // The registry again on the same port and state file, deciding at once.
    const port = central.port;
    await central.close();
    central = await startCentralServer({
      registry: people.map(({ phone: _p, ...p }) => p),
      token: TOKENS,
      decisionDelayMs: 0,
      stateFile: `${stateDir}/state.json`,
      port,
    });
    const ours = sent.filter((s) => s.officeCode === OFFICE);
    await expect
      .poll(() => ours.every((s) => central.state.decisions().some((d) => d.submissionId === s.id)), { timeout: 20_000 })
      .toBe(true);
    const outcomeOf = (id: string) => central.state.decisions().find((d) => d.submissionId === id)?.outcome ?? 'pending';
    const want = expected(sent, twoDaysAgo, today, outcomeOf);
    expect(want.byOutcome.get('approved')).toBeGreaterThan(0);
    expect(want.byOutcome.get('refused')).toBeGreaterThan(0);
    const result = await officeSummary(twoDaysAgo, today);
    if (!result.available) throw new Error(JSON.stringify(result));
    expect(result.summary.byOutcome).toEqual(
      ['approved', 'refused', 'pending'].map((key) => ({ key, count: want.byOutcome.get(key) ?? 0 })),
    );
  });

  it('offline: unavailable with the reason, and the desk’s status says offline', async () => {
    await central.stop();
    try {
      expect(await officeSummary(today, today)).toEqual({ available: false, reason: 'offline', status: null });
      expect(desk1.app.deps.sync.status().online).toBe(false);
    } finally {
      await central.start();
    }
  });

  it('a token the registry does not accept, or one bound to another office: unavailable, forbidden', async () => {
    expect((await admin.call('registry.setToken', { token: 'not-the-token' })).ok).toBe(true);
    expect(await officeSummary(today, today)).toEqual({ available: false, reason: 'forbidden', status: 401 });
    expect((await admin.call('registry.setToken', { token: TOKEN })).ok).toBe(true);
    expect((await admin.call('settings.update', { officeCode: 'OFF-8' })).ok).toBe(true);
    expect(await officeSummary(today, today)).toEqual({ available: false, reason: 'forbidden', status: 403 });
    expect((await admin.call('settings.update', { officeCode: OFFICE })).ok).toBe(true);
  });

  it('no registry address: unavailable, not configured', async () => {
    const saved = desk1.app.deps.settings.values().registryUrl;
    expect((await admin.call('settings.update', { registryUrl: '' })).ok).toBe(true);
    try {
      expect(await officeSummary(today, today)).toEqual({ available: false, reason: 'not_configured', status: null });
    } finally {
      expect((await admin.call('settings.update', { registryUrl: saved })).ok).toBe(true);
    }
  });

  it('only the supervisor may ask; a bad period is refused before the registry is asked', async () => {
    const clerk = await desk1.client();
    expect((await clerk.call('auth.login', { login: 'clerk', password: 'clerk-password-1' })).ok).toBe(true);
    expect(await clerk.call('reports.officeSummary', { from: today, to: today })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await admin.call('reports.officeSummary', { from: today, to: today })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await supervisor.call('reports.officeSummary', { from: '2025-01-01', to: '2026-11-30' })).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { to: expect.stringContaining('366') } },
    });
  });
});

describe('GET /v1/offices/{officeCode}/summary on the reference registry', () => {
  it.each([
    ['from after to', `from=${today}&to=${twoDaysAgo}`],
    ['longer than 366 days', 'from=2025-01-01&to=2026-01-02'],
    ['not a date', 'from=2026-02-30&to=2026-03-01'],
    ['missing to', `from=${today}`],
    ['an unknown parameter', `from=${today}&to=${today}&desk=1`],
  ])('%s: 422', async (_name, query) => {
    const r = await post(`v1/offices/${OFFICE}/summary?${query}`);
    expect(r.status).toBe(422);
  });

  it('366 days is the longest period', async () => {
    const r = await post(`v1/offices/${OFFICE}/summary?from=2024-01-01&to=2024-12-31`);
    expect(r.status).toBe(200);
    expect((r.body as OfficeSummary).byDay).toHaveLength(366);
  });

  it('another office with an office-bound token: 403; no token: 401', async () => {
    expect((await post(`v1/offices/OFF-8/summary?from=${today}&to=${today}`)).status).toBe(403);
    expect((await post(`v1/offices/${OFFICE}/summary?from=${today}&to=${today}`, { token: null })).status).toBe(401);
  });

  it('counts only: no identification number, name or phone in the answer', async () => {
    const r = await post(`v1/offices/${OFFICE}/summary?from=${twoDaysAgo}&to=${today}`);
    const text = JSON.stringify(r.body);
    for (const p of people) {
      expect(text).not.toContain(p.idNumber);
      expect(text).not.toContain(p.phone);
    }
    expect(text).not.toContain('Тестов');
  });
});
