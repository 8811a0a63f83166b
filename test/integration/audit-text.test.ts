/**
 * Free text reaches audit rows masked and capped (issue 15), whoever appends them: an unknown login
 * typed as an ID number at a failed login, a cancel reason with a phone (the cap: test/unit/audit-text.test.ts). Checked on
 * the rows as stored and on the bytes of the database file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../db';
import type { HttpClient } from '../harness';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

const TYPED_ID = '3270287A012PB2';
const PHONE = '+375291234567';
const INPUT = {
  procedure: 'issue',
  idNumber: '4150285H123PB2',
  person: { surname: 'Шчарбацевіч', givenNames: 'Ганна', birthDate: '1985-02-15', sex: 'F', citizenship: 'BLR' },
  document: { type: 'id_card_by', series: 'MP', number: '6611223', expiresAt: '2032-05-01' },
  phone: '+375 29 611-22-33',
  consent: true,
};

let env: InProcess;
let clerk: HttpClient;
beforeAll(async () => {
  env = await startInProcess({ retention: false });
  ({ clerk } = await seedRoles(env));
});
afterAll(() => env.close());

describe('free text in audit rows', () => {
  it('an unknown login that is an ID number is stored masked', async () => {
    const anonymous = await env.client();
    const r = await anonymous.call('auth.login', { login: TYPED_ID, password: 'whatever-1' });
    expect(r.ok).toBe(false);
    const { entries } = await listAudit(env.app.deps.db, { action: 'auth.login_failed', limit: 10 });
    // The login field folds case before the lookup; the mask keeps what was stored.
    expect(entries.map((e) => String(e.details['login']).toUpperCase())).toContain('3**********PB2');
    expect(JSON.stringify(entries)).not.toContain('270287');
  });

  it('a cancel reason with a phone is masked', async () => {
    const created = await clerk.call<{ id: string }>('applications.create', INPUT);
    if (!created.ok) throw new Error(JSON.stringify(created));
    const reason = `гражданин просил перезвонить на ${PHONE}; ${'подробности '.repeat(15)}`.slice(0, 200);
    const cancelled = await clerk.call('applications.cancel', { id: created.value.id, reason: `${reason}` });
    expect(cancelled.ok).toBe(true);
    const { entries } = await listAudit(env.app.deps.db, { action: 'application.cancelled', limit: 10 });
    const stored = JSON.stringify(entries.map((e) => e.details));
    expect(stored).toContain('+375 29 ***-**-67');
    expect(stored).not.toContain(PHONE);
  });

  it('nothing typed is left in clear in the database file', async () => {
    const file = join(env.dataDir, 'okno.sqlite');
    const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    expect(bytes.includes(Buffer.from(TYPED_ID))).toBe(false);
    expect(bytes.includes(Buffer.from(TYPED_ID.toLowerCase()))).toBe(false);
    expect(bytes.includes(Buffer.from(PHONE))).toBe(false);
  });
});
