/**
 * Load for sync tests and the drain benchmark: synthetic people the reference registry knows, and
 * signed applications for them written straight into a workstation's database (state `queued`,
 * one outbox row each), as if clerks had taken them during an offline day.
 */
import type { Procedure } from '../../preload/contract';
import type { Knex } from 'knex';
import { computeCheckDigit } from '../../preload/contract/check-digit';
import { maskIdNumber } from '../../preload/contract/id-number';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createUuid7 } from '../../main/services/uuid7';
import {
  closeDatabase,
  createFieldCipher,
  enqueue,
  formatJournalNo,
  insertApplications,
  openDatabase,
  type FieldCipher,
  type NewApplication,
} from '../../db';
import { loadOrCreateKey } from '../../main/keys';
import { silentLogger } from '../../main/log';
import type { RegistryPerson } from '../central/registry';

/** Person n: a valid identification number (birth date and sex agree), a passport, a unique phone. */
export function syntheticPerson(n: number): RegistryPerson & { phone: string } {
  const sex = n % 2 === 0 ? 'M' : 'F';
  const year = 1950 + (n % 49);
  const mm = String(1 + (n % 12)).padStart(2, '0');
  const dd = String(1 + (n % 28)).padStart(2, '0');
  const body = `${sex === 'M' ? '3' : '4'}${dd}${mm}${String(year % 100).padStart(2, '0')}${'ABCEHKM'[n % 7]}${String(n % 1000).padStart(3, '0')}PB`;
  return {
    idNumber: `${body}${computeCheckDigit(body)}`,
    surname: sex === 'M' ? 'Тестов' : 'Тестова',
    givenNames: sex === 'M' ? 'Пётр' : 'Анна',
    patronymic: sex === 'M' ? 'Иванович' : 'Ивановна',
    birthDate: `${year}-${mm}-${dd}`,
    sex,
    citizenship: 'BLR',
    documents: [{ type: 'passport_by', series: 'MP', number: String(1_000_000 + n), expiresAt: '2035-01-01' }],
    phone: `+37529${String(1_000_000 + n)}`,
  };
}

/**
 * Writes `people.length` signed «Выдача УИ» applications (deferred phone) and their outbox rows.
 * All signed at `now`, or with `everyMs` one after another, the last at `now` (a day's work at a
 * desk); ids as the app makes them (UUID v7 of the signing time), or with `randomIds` as versions
 * before issue 18 made them (random, v4): a backlog an older version left in the outbox.
 */
export async function seedSignedApplications(
  db: Knex,
  cipher: FieldCipher,
  at: {
    clerkId: string;
    officeCode: string;
    workstationId: string;
    year: number;
    firstSeq?: number;
    now: Date;
    everyMs?: number;
    randomIds?: boolean;
  },
  people: readonly (RegistryPerson & { phone: string })[],
): Promise<string[]> {
  let signedMs = 0;
  const nextId = createUuid7(() => signedMs);
  const rows: NewApplication[] = people.map((p, i) => {
    signedMs = at.now.getTime() - (people.length - 1 - i) * (at.everyMs ?? 0);
    const signedAt = new Date(signedMs).toISOString();
    const id = at.randomIds === true ? randomUUID() : nextId();
    const seq = (at.firstSeq ?? 1) + i;
    const doc = p.documents[0];
    if (!doc) throw new Error('a person without a document');
    const personal = {
      idNumber: p.idNumber,
      person: {
        surname: p.surname,
        givenNames: p.givenNames,
        patronymic: p.patronymic,
        birthDate: p.birthDate,
        sex: p.sex,
        citizenship: p.citizenship,
      },
      document: { type: doc.type, series: doc.series, number: doc.number, expiresAt: doc.expiresAt },
      phone: p.phone,
    };
    return {
      id,
      officeCode: at.officeCode,
      journalYear: at.year,
      journalSeq: seq,
      journalNo: formatJournalNo(at.year, at.workstationId, seq),
      procedure: 'issue',
      state: 'queued',
      clerkId: at.clerkId,
      workstationId: at.workstationId,
      createdAt: signedAt,
      printedAt: signedAt,
      signedAt,
      sentAt: null,
      decidedAt: null,
      cancelledAt: null,
      rejectedAt: null,
      updatedAt: signedAt,
      idHash: cipher.hash('id', p.idNumber),
      phoneHash: cipher.hash('phone', p.phone),
      idMasked: maskIdNumber(p.idNumber),
      personal: cipher.encrypt(JSON.stringify(personal), id),
      purgedAt: null,
      phoneConfirmation: 'deferred',
      refusalReasons: null,
      rejectionProblems: null,
      temporaryPasswordSent: null,
    };
  });
  await db.transaction(async (trx) => {
    await insertApplications(trx, rows);
    for (const row of rows) await enqueue(trx, row.id, row.signedAt ?? row.createdAt);
    await trx('journal_counters')
      .insert({ office_code: at.officeCode, year: at.year, last_seq: (at.firstSeq ?? 1) + rows.length - 1 })
      .onConflict(['office_code', 'year'])
      .merge(['last_seq']);
  });
  return rows.map((r) => r.id);
}

/**
 * The same, into the data folder of a harness that has run once (database, key and an account
 * exist) and is stopped now: the day's work signed while the app was down.
 */
export async function seedHarnessDataDir(
  dataDir: string,
  officeCode: string,
  people: readonly (RegistryPerson & { phone: string })[],
  options: { randomIds?: boolean } = {},
) {
  const opened = await openDatabase({ file: join(dataDir, 'okno.sqlite'), backupsDir: join(dataDir, 'backups'), log: silentLogger });
  if (!opened.ok) throw new Error(opened.error.message);
  try {
    const key = await loadOrCreateKey({ dataDir, db: opened.db });
    if (!key.ok) throw new Error(key.message);
    const clerk = (await opened.db('clerks').first()) as { id: string } | undefined;
    if (!clerk) throw new Error('the harness has no account yet');
    return await seedSignedApplications(
      opened.db,
      createFieldCipher(key.key),
      { clerkId: clerk.id, officeCode, workstationId: '1', year: 2026, now: new Date(), everyMs: 2000, ...options },
      people,
    );
  } finally {
    await closeDatabase(opened.db);
  }
}

/** The `applications.create` input a clerk would send for this person (the phone where the procedure takes one). */
export function applicationInput(procedure: Procedure, p: RegistryPerson & { phone: string }, extra: Record<string, unknown> = {}) {
  const document = p.documents[0];
  return {
    procedure,
    idNumber: p.idNumber,
    person: {
      surname: p.surname,
      givenNames: p.givenNames,
      patronymic: p.patronymic,
      birthDate: p.birthDate,
      sex: p.sex,
      citizenship: p.citizenship,
    },
    document: { type: document?.type, series: document?.series, number: document?.number, expiresAt: document?.expiresAt },
    ...(procedure === 'issue' || procedure === 'change_phone' ? { phone: p.phone } : {}),
    consent: true,
    ...extra,
  };
}
