/** The one sanctioned rewrite of the audit log (re-masking, the keyed conversion): see `rechainAudit`. */
import type { Knex } from 'knex';
import {
  fromDb,
  GENESIS_HASH,
  toDb,
  VERIFY_PAGE,
  canonicalJson,
  type AuditDbRow,
  type ChainHash,
  type HashedFields,
  type HeadDbRow,
} from './audit';

export interface Rechained {
  /** Rows whose content the rewrite changed. */
  rewritten: number;
  /** The first re-hashed row; null when nothing was re-hashed. */
  fromSeq: number | null;
  /** Rows re-hashed (from `fromSeq` to the end). */
  rechained: number;
  oldHeadHash: string;
  newHeadHash: string;
}

// The same statements as 0001_foundation: append-only again once the rewrite is done.
const NO_UPDATE_TRIGGER = `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
   BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`;

/**
 * The one sanctioned rewrite of the log (re-masking old rows, converting to a keyed chain): inside
 * the caller's transaction the append-only trigger is lifted, every row from the first one that
 * `rewrite` changes (or from the first row with `all`) gets its new content, `prev_hash` and hash,
 * the head moves, and the trigger comes back. The caller then appends a row that records the
 * rewrite (how many rows, the old and the new head), so an inspector sees that and why the chain
 * was rewritten; rows are never removed or reordered.
 */
export async function rechainAudit(
  trx: Knex.Transaction,
  options: { hash: ChainHash; rewrite?: (fields: HashedFields) => HashedFields; all?: boolean },
): Promise<Rechained> {
  const head = await trx<HeadDbRow>('audit_head').where('id', 1).first();
  const oldHeadHash = head?.hash ?? GENESIS_HASH;
  let started = options.all === true;
  let lastSeq = 0;
  let prevHash = GENESIS_HASH;
  let rewritten = 0;
  let rechained = 0;
  let fromSeq: number | null = null;
  await trx.raw('DROP TRIGGER IF EXISTS audit_log_no_update');
  for (;;) {
    const page = await trx<AuditDbRow>('audit_log').select('*').where('seq', '>', lastSeq).orderBy('seq').limit(VERIFY_PAGE);
    for (const row of page) {
      const old = fromDb(row);
      const { hash: _old, ...fields } = old;
      const next = options.rewrite ? options.rewrite(fields) : fields;
      const changed = canonicalJson(next) !== canonicalJson(fields);
      if (changed) rewritten++;
      if (changed || started) {
        started = true;
        fromSeq ??= row.seq;
        const hash = options.hash(prevHash, next);
        const { seq: _seq, ...values } = toDb(next, prevHash, hash);
        await trx<AuditDbRow>('audit_log').where('seq', row.seq).update(values);
        rechained++;
        prevHash = hash;
      } else {
        prevHash = row.hash;
      }
      lastSeq = row.seq;
    }
    if (page.length < VERIFY_PAGE) break;
  }
  await trx.raw(NO_UPDATE_TRIGGER);
  // The head keeps its seq: rows deleted from (or added behind) the end stay visible to verification.
  if (rechained > 0)
    await trx<HeadDbRow>('audit_head')
      .insert({ id: 1, seq: head?.seq ?? lastSeq, hash: prevHash })
      .onConflict('id')
      .merge(['hash']);
  return { rewritten, fromSeq, rechained, oldHeadHash, newHeadHash: rechained > 0 ? prevHash : oldHeadHash };
}
