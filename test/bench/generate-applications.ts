/**
 * Benchmark data: a database with one clerk and N applications over the last ~2 years, as a busy
 * office would have them (working days, office hours, a realistic procedure and state mix, people
 * coming back for other procedures), personal data encrypted with the real cipher and key.
 *
 *   npx tsx test/bench/generate-applications.ts --data-dir DIR [--count 1000000] [--retention-days 30]
 *
 * Without --retention-days every row keeps its personal blob (the worst case for size and speed);
 * with it, decided rows older than that are purged as the retention job will do.
 * The data folder must not hold a database yet: numbering continues from nothing.
 */
import { createUuid7 } from '../../main/services/uuid7';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { computeCheckDigit } from '../../preload/contract/check-digit';
import { prng } from '../support/prng';
import { maskIdNumber } from '../../preload/contract/id-number';
import { silentLogger } from '../../main/log';
import { loadOrCreateKey } from '../../main/keys';
import {
  closeDatabase,
  createFieldCipher,
  enqueue,
  formatLegacyJournalNo,
  insertApplications,
  insertClerk,
  openDatabase,
  type ApplicationState,
  type FieldCipher,
  type NewApplication,
  type Procedure,
} from '../../db';

export const BENCH_OFFICE = 'MN-01';
export const BENCH_CLERK = '0b7e3c1a-5d2f-4e8a-9c6b-1a2b3c4d5e6f';
const ROWS_PER_TRANSACTION = 10_000;
const DAYS = 730;
const DAY_MS = 86_400_000;
/** Office hours 08:00–18:00 in Minsk (UTC+3) are 05:00–15:00 UTC. */
const OPEN_UTC_MS = 5 * 3_600_000;
const HOURS_MS = 10 * 3_600_000;

const random = prng(20260302);
const int = (n: number) => Math.floor(random() * n);
function pick<T>(list: readonly T[]): T {
  const value = list[int(list.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

function weighted<T extends string>(table: readonly (readonly [T, number])[]): T {
  let r = random() * table.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of table) if ((r -= weight) < 0) return value;
  return pick(table)[0]; // only reached through floating-point rounding at the very end
}

const PROCEDURE_MIX = [
  ['issue', 40],
  ['reset_password', 25],
  ['change_phone', 22],
  ['block', 7],
  ['unblock', 6],
] as const;
const DECIDED_MIX = [
  ['approved', 85],
  ['refused', 7],
  ['cancelled', 6],
  ['rejected', 2],
] as const;
/** Today and the last few days still have work in progress. */
const RECENT_MIX = [
  ['draft', 8],
  ['awaiting_signature', 8],
  ['queued', 14],
  ['sent', 20],
  ['approved', 42],
  ['refused', 4],
  ['cancelled', 3],
  ['rejected', 1],
] as const;
const REFUSALS = ['UID_EXISTS', 'PHONE_IN_USE', 'VERIFICATION_MISMATCH', 'DOCUMENT_EXPIRED', 'NO_UID'];

const SURNAMES_M = ['Иванов', 'Ковалёв', 'Новик', 'Шевчук', 'Мельник', 'Козловский', 'Лукашевич', 'Грушевский', 'Жук', 'Статкевич'];
const SURNAMES_F = ['Иванова', 'Ковалёва', 'Новик', 'Шевчук', 'Мельник', 'Козловская', 'Лукашевич', 'Грушевская', 'Жук', 'Статкевич'];
const NAMES_M = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алесь', 'Павел', 'Иван', 'Михаил', 'Никита'];
const NAMES_F = ['Анна', 'Мария', 'Елена', 'Ольга', 'Алеся', 'Татьяна', 'Наталья', 'Юлия', 'Ирина', 'Дарья'];
const PATRONYMICS_M = ['Александрович', 'Сергеевич', 'Иванович', 'Петрович', 'Николаевич', 'Владимирович'];
const PATRONYMICS_F = ['Александровна', 'Сергеевна', 'Ивановна', 'Петровна', 'Николаевна', 'Владимировна'];
const REGIONS = ['A', 'B', 'C', 'E', 'H', 'K', 'M'];
const MOBILE_CODES = ['25', '29', '33', '44'];

interface Person {
  idNumber: string;
  surname: string;
  givenNames: string;
  patronymic: string;
  birthDate: string;
  sex: 'M' | 'F';
  phone: string;
  document: { type: 'ID_CARD' | 'PASSPORT'; series?: string; number: string; expiresAt: string };
}

/** Person n of the pool, derived from n alone (so people come back with the same data). */
function person(n: number): Person {
  const r = prng(n + 1);
  const sex = r() < 0.5 ? 'M' : 'F';
  const year = 1940 + Math.floor(r() * 66);
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const dd = String(day).padStart(2, '0');
  const mm = String(month).padStart(2, '0');
  const first = sex === 'M' ? '3' : '4'; // 20th century; 5/6 for those born from 2000
  const century = year >= 2000 ? (sex === 'M' ? '5' : '6') : first;
  const body = `${century}${dd}${mm}${String(year % 100).padStart(2, '0')}${REGIONS[n % REGIONS.length]}${String(n % 1000).padStart(3, '0')}PB`;
  const idNumber = `${body}${computeCheckDigit(body)}`;
  const card = r() < 0.6;
  const at = (list: readonly string[]) => list[Math.floor(r() * list.length)] ?? '';
  return {
    idNumber,
    sex,
    surname: at(sex === 'M' ? SURNAMES_M : SURNAMES_F),
    givenNames: at(sex === 'M' ? NAMES_M : NAMES_F),
    patronymic: at(sex === 'M' ? PATRONYMICS_M : PATRONYMICS_F),
    birthDate: `${year}-${mm}-${dd}`,
    phone: `+375${at(MOBILE_CODES)}${String(Math.floor(r() * 10_000_000)).padStart(7, '0')}`,
    document: card
      ? {
          type: 'ID_CARD',
          number: `${String(Math.floor(r() * 10_000_000)).padStart(7, '0')}`,
          expiresAt: `${2027 + Math.floor(r() * 10)}-${mm}-${dd}`,
        }
      : {
          type: 'PASSPORT',
          series: 'MP',
          number: String(Math.floor(r() * 10_000_000)).padStart(7, '0'),
          expiresAt: `${2026 + Math.floor(r() * 10)}-${mm}-${dd}`,
        },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Working days (plus today) in the span, oldest first, as UTC midnights. */
function workingDays(now: number): number[] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const days: number[] = [];
  for (let d = today - (DAYS - 1) * DAY_MS; d <= today; d += DAY_MS) {
    const weekday = new Date(d).getUTCDay();
    if (d === today || (weekday !== 0 && weekday !== 6)) days.push(d);
  }
  return days;
}

/** Sorted creation instants: N spread evenly over the working days, random within office hours. */
function* creationTimes(count: number, now: number): Generator<number> {
  const days = workingDays(now);
  let emitted = 0;
  for (const [i, day] of days.entries()) {
    const target = Math.round(((i + 1) * count) / days.length);
    const times = Array.from({ length: target - emitted }, () => day + OPEN_UTC_MS + int(HOURS_MS));
    times.sort((a, b) => a - b);
    emitted = target;
    yield* times;
  }
}

interface Shape {
  state: ApplicationState;
  stamps: Partial<Record<'printedAt' | 'signedAt' | 'sentAt' | 'decidedAt' | 'cancelledAt' | 'rejectedAt', string>>;
  decidedAtMs: number | null;
}

/** The state and the transition timestamps a row of that age would have. */
function shape(createdMs: number, now: number): Shape {
  const recent = now - createdMs < 3 * DAY_MS;
  const state: ApplicationState = recent ? weighted(RECENT_MIX) : weighted(DECIDED_MIX);
  const step = (minutes: number) => iso(createdMs + minutes * 60_000);
  const stamps: Shape['stamps'] = {};
  if (state !== 'draft') stamps.printedAt = step(4);
  if (state === 'cancelled') return { state, stamps: { ...stamps, cancelledAt: step(6) }, decidedAtMs: createdMs + 6 * 60_000 };
  if (state === 'draft' || state === 'awaiting_signature') return { state, stamps, decidedAtMs: null };
  stamps.signedAt = step(6);
  if (state === 'queued') return { state, stamps, decidedAtMs: null };
  stamps.sentAt = step(7);
  if (state === 'rejected') return { state, stamps: { ...stamps, rejectedAt: step(8) }, decidedAtMs: createdMs + 8 * 60_000 };
  if (state === 'sent') return { state, stamps, decidedAtMs: null };
  return { state, stamps: { ...stamps, decidedAt: step(25) }, decidedAtMs: createdMs + 25 * 60_000 };
}

// Ids as the app makes them: UUID v7 of the creation time (main/services/uuid7.ts).
let idClockMs = 0;
const nextId = createUuid7(() => idClockMs);

function makeRow(
  cipher: FieldCipher,
  createdMs: number,
  now: number,
  journal: { year: number; seq: number },
  peoplePool: number,
  retentionMs: number | null,
): NewApplication {
  idClockMs = createdMs;
  const id = nextId();
  const who = person(int(peoplePool));
  const procedure: Procedure = weighted(PROCEDURE_MIX);
  const { state, stamps, decidedAtMs } = shape(createdMs, now);
  const newPhone = procedure === 'change_phone' ? `+375${pick(MOBILE_CODES)}${String(int(10_000_000)).padStart(7, '0')}` : null;
  const phone = newPhone ?? who.phone;
  const withPhone = procedure === 'issue' || procedure === 'change_phone';
  const personal = { ...who, phone, ...(newPhone ? { previousPhone: who.phone } : {}) };
  const purgeAt = retentionMs !== null && decidedAtMs !== null ? decidedAtMs + retentionMs : null;
  const purged = purgeAt !== null && purgeAt <= now;
  const createdAt = iso(createdMs);
  return {
    id,
    officeCode: BENCH_OFFICE,
    journalYear: journal.year,
    journalSeq: journal.seq,
    journalNo: formatLegacyJournalNo(journal.year, journal.seq),
    procedure,
    state,
    clerkId: BENCH_CLERK,
    workstationId: 'ws-1',
    createdAt,
    printedAt: stamps.printedAt ?? null,
    signedAt: stamps.signedAt ?? null,
    sentAt: stamps.sentAt ?? null,
    decidedAt: stamps.decidedAt ?? null,
    cancelledAt: stamps.cancelledAt ?? null,
    rejectedAt: stamps.rejectedAt ?? null,
    updatedAt: iso(decidedAtMs ?? createdMs),
    // A purged row keeps nothing that leads to the person (migration 0005's CHECK).
    idHash: purged ? null : cipher.hash('id', who.idNumber),
    phoneHash: purged ? null : cipher.hash('phone', phone),
    idMasked: purged ? '' : maskIdNumber(who.idNumber),
    personal: purged ? null : cipher.encrypt(JSON.stringify(personal), id),
    purgedAt: purged && purgeAt !== null ? iso(purgeAt) : null,
    phoneConfirmation: withPhone ? (random() < 0.05 ? 'deferred' : 'sms_code') : 'none',
    refusalReasons: state === 'refused' ? [pick(REFUSALS)] : null,
    rejectionProblems: state === 'rejected' && !purged ? [{ code: 'INVALID_FIELD', field: 'document.number' }] : null,
    temporaryPasswordSent: state === 'approved' && procedure !== 'block' && procedure !== 'change_phone' ? true : null,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      count: { type: 'string', default: '100000' },
      'retention-days': { type: 'string' },
      // A second run of `npm run bench:applications` measures the file the first one made.
      reuse: { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'];
  const count = Number(values.count);
  const retentionDays = values['retention-days'] === undefined ? null : Number(values['retention-days']);
  if (!dataDir || !Number.isInteger(count) || count < 1) throw new Error('usage: generate-applications.ts --data-dir DIR --count N');
  const file = join(dataDir, 'okno.sqlite');
  if (existsSync(file)) {
    if (!values.reuse) throw new Error(`${file} exists already: generate into an empty folder (or pass --reuse)`);
    process.stdout.write(`${file} exists: measuring it as it is (delete the folder for a new one of ${count} applications)\n`);
    return;
  }

  const t0 = performance.now();
  const opened = await openDatabase({ file, backupsDir: join(dataDir, 'backups'), log: silentLogger });
  if (!opened.ok) throw new Error(opened.error.message);
  const { db } = opened;
  const key = await loadOrCreateKey({ dataDir, db });
  if (!key.ok) throw new Error(key.message);
  const cipher = createFieldCipher(key.key);

  const now = Date.now();
  const at = iso(now - DAYS * DAY_MS);
  await insertClerk(db, {
    id: BENCH_CLERK,
    login: 'bench',
    fullName: 'Оператор Тестовый',
    role: 'clerk',
    passwordHash: 'scrypt$bench',
    disabled: false,
    failedAttempts: 0,
    lockedUntil: null,
    createdAt: at,
    updatedAt: at,
    lastLoginAt: null,
  });

  // ~2.5 applications per person over two years: people return for other procedures.
  const peoplePool = Math.max(1000, Math.round(count / 2.5));
  const retentionMs = retentionDays === null ? null : retentionDays * DAY_MS;
  const counters = new Map<number, number>();
  // A loader's setting for this connection only: the random-keyed indexes (id, id_hash,
  // phone_hash) outgrow SQLite's default 2 MB page cache early and every insert would re-read them.
  await db.raw('PRAGMA cache_size = -262144');
  let batch: NewApplication[] = [];
  let written = 0;
  const flush = async (rows: NewApplication[], counts: [number, number][]) => {
    await db.transaction(async (trx) => {
      await insertApplications(trx, rows);
      for (const row of rows) if (row.state === 'queued') await enqueue(trx, row.id, row.signedAt ?? row.createdAt);
      for (const [year, seq] of counts) {
        await trx('journal_counters')
          .insert({ office_code: BENCH_OFFICE, year, last_seq: seq })
          .onConflict(['office_code', 'year'])
          .merge();
      }
    });
    written += rows.length;
    if (written % 100_000 < ROWS_PER_TRANSACTION) {
      process.stdout.write(`  ${written.toLocaleString('en')} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  };

  // Two cores: SQLite writes one batch on a libuv thread while this thread builds and encrypts the
  // next. Yielding every few hundred rows lets the writer's next chunk start without waiting.
  let writing: Promise<void> = Promise.resolve();
  let generated = 0;
  for (const createdMs of creationTimes(count, now)) {
    const year = new Date(createdMs).getUTCFullYear();
    const seq = (counters.get(year) ?? 0) + 1;
    counters.set(year, seq);
    batch.push(makeRow(cipher, createdMs, now, { year, seq }, peoplePool, retentionMs));
    if (++generated % 250 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (batch.length === ROWS_PER_TRANSACTION) {
      await writing;
      writing = flush(batch, [...counters]);
      batch = [];
    }
  }
  await writing;
  if (batch.length > 0) await flush(batch, [...counters]);
  const insertSeconds = (performance.now() - t0) / 1000;
  await closeDatabase(db);
  const totalSeconds = (performance.now() - t0) / 1000;
  const { size } = statSync(file);
  console.log(
    `generated ${written.toLocaleString('en')} applications in ${insertSeconds.toFixed(1)} s ` +
      `(${Math.round(written / insertSeconds).toLocaleString('en')} rows/s; ${totalSeconds.toFixed(1)} s with the final checkpoint); ` +
      `file ${(size / 1024 / 1024).toFixed(0)} MiB: ${file}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
