/** The audit chain's checks, row by row and at the head, with the Russian texts IT reads (db/repositories/audit.ts verifies). */
import type { AuditVerification } from '../../preload/contract/schemas';
import { fromDb, type AuditDbRow, type ChainHash, type HeadDbRow } from './audit';

/** "удалена запись №5" / "удалены записи №5–№7". */
function removed(from: number, to: number): string {
  return from === to ? `удалена запись №${from}` : `удалены записи №${from}–№${to}`;
}

/** "добавлена запись №5" / "добавлены записи №5–№7". */
function added(from: number, to: number): string {
  return from === to ? `добавлена запись №${from}` : `добавлены записи №${from}–№${to}`;
}

function broken(
  rows: number,
  brokenSeq: number,
  reason: Exclude<AuditVerification, { ok: true }>['reason'],
  message: string,
): AuditVerification {
  return { ok: false, rows, brokenSeq, reason, message };
}

/** Checks one row against its predecessor; null when it is sound. */
export function checkRow(
  row: AuditDbRow,
  prevSeq: number,
  prevHash: string,
  verified: number,
  hash: ChainHash | null,
): AuditVerification | null {
  if (row.seq !== prevSeq + 1) {
    const after = prevSeq === 0 ? 'журнал начинается с записи' : `после записи №${prevSeq} идёт`;
    return broken(verified, row.seq, 'sequence_gap', `Из журнала ${removed(prevSeq + 1, row.seq - 1)}: ${after} №${row.seq}.`);
  }
  if (row.prev_hash !== prevHash) {
    const before = prevSeq === 0 ? 'началом журнала' : `записью №${prevSeq}`;
    return broken(verified, row.seq, 'chain_break', `Запись №${row.seq} не связана с ${before}: записи подменены или переставлены.`);
  }
  // Links only (a keyed chain checked without its key): sequence, links and head, no hashes.
  if (hash === null) return null;
  let recomputed: string;
  try {
    recomputed = hash(row.prev_hash, fromDb(row));
  } catch {
    recomputed = '';
  }
  if (recomputed !== row.hash) {
    return broken(verified, row.seq, 'hash_mismatch', `Запись №${row.seq} изменена после записи: хеш не совпадает.`);
  }
  return null;
}

export function checkHead(head: HeadDbRow | undefined, lastSeq: number, lastHash: string, verified: number): AuditVerification | null {
  if (!head) {
    return broken(
      verified,
      lastSeq,
      'head_mismatch',
      `Контрольная отметка конца журнала удалена (журнал заканчивается записью №${lastSeq}): нельзя убедиться, что после неё ничего не удалено.`,
    );
  }
  if (head.seq > lastSeq) {
    return broken(
      verified,
      lastSeq + 1,
      'head_mismatch',
      `Из конца журнала ${removed(lastSeq + 1, head.seq)}: журнал должен заканчиваться записью №${head.seq}.`,
    );
  }
  if (head.seq < lastSeq) {
    return broken(
      verified,
      head.seq + 1,
      'head_mismatch',
      `В обход программы ${added(head.seq + 1, lastSeq)}: журнал должен заканчиваться записью №${head.seq}.`,
    );
  }
  if (head.hash !== lastHash) {
    return broken(
      verified,
      lastSeq,
      'head_mismatch',
      `Запись №${lastSeq} не совпадает с контрольной отметкой конца журнала: она подменена.`,
    );
  }
  return null;
}
