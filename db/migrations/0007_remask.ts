/**
 * Masks without the birth date (issue 15). Before, a masked ID number kept its first seven
 * characters (sex, century, DDMMYY) in `applications.id_masked`, the journal and audit rows; audit
 * rows outlive the retention purge. This migration:
 *
 *  - re-masks `applications.id_masked` ('3270287*******' → '3*************': the hidden tail cannot
 *    be recovered from the old mask without the key, so only the first character stays);
 *  - re-masks every string of every audit row (old masks, and any ID number or phone typed into
 *    free text) and re-chains the log from the first changed row (`rechainAudit`), then appends
 *    `audit.remasked` with the counts, the old and the new head hash and how the chain stood before,
 *    so the rewrite is part of the record rather than a silent edit;
 *  - VACUUMs and truncates the WAL, so the old masks are not left in free pages.
 *
 * The chain stays the plain SHA-256 one here: the keyed chain's key derives from the data key,
 * which the database never sees (db/ cannot reach main/keys.ts). The app converts the chain to
 * the keyed one at start-up, after loading the key (main/audit-chain.ts), and records that too.
 * Own transaction (`transaction: false`): VACUUM cannot run inside one.
 */
import type { Knex } from 'knex';
import { appendAudit, auditHash, verifyAuditChain } from '../repositories/audit';
import { rechainAudit } from '../repositories/audit-rechain';
import { scrubAuditDetails, scrubAuditText } from '../repositories/audit-text';
import type { Migration } from './index';

const REMASK_APPLICATIONS = `UPDATE applications SET id_masked = substr(id_masked, 1, 1) || '*************'
  WHERE length(id_masked) = 14 AND substr(id_masked, 8) = '*******' AND substr(id_masked, 1, 7) NOT GLOB '*[^0-9]*'`;

async function up(knex: Knex): Promise<void> {
  const changed = await knex.transaction(async (trx) => {
    const applications = Number(
      await trx
        .raw(REMASK_APPLICATIONS)
        .then(() => trx.raw('SELECT changes() AS n'))
        .then(changesOf),
    );
    // How the chain stood before: a rewrite must not hide an earlier break, so it is recorded.
    const before = await verifyAuditChain(trx);
    const result = await rechainAudit(trx, {
      hash: auditHash,
      rewrite: (fields) => ({
        ...fields,
        subject: fields.subject === null ? null : scrubAuditText(fields.subject),
        details: scrubAuditDetails(fields.details) as Record<string, unknown>,
      }),
    });
    if (applications === 0 && result.rewritten === 0) return false;
    await appendAudit(trx, {
      at: new Date().toISOString(),
      actorId: null,
      actorLogin: null,
      action: 'audit.remasked',
      subject: null,
      details: {
        migration: '0007_remask',
        applications,
        rows: result.rewritten,
        rechainedFrom: result.fromSeq,
        rechainedRows: result.rechained,
        oldHeadHash: result.oldHeadHash,
        newHeadHash: result.newHeadHash,
        chainBefore: before.ok ? { ok: true, rows: before.rows } : { ok: false, brokenSeq: before.brokenSeq, reason: before.reason },
      },
    });
    return true;
  });
  if (!changed) return;
  await knex.raw('VACUUM');
  await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
}

function changesOf(rows: unknown): number {
  const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
  return typeof first === 'object' && first !== null && 'n' in first && typeof first.n === 'number' ? first.n : 0;
}

export const remask: Migration = {
  name: '0007_remask',
  transaction: false,
  up,
  // Nothing to undo: the old masks are gone on purpose, and the rewrite stays in the chain.
  down: async () => {},
};
