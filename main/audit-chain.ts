/**
 * Start-up step: the audit chain becomes keyed (issue 15). The database migration cannot do it:
 * the chain key derives from the data key, which lives outside the database and is loaded by
 * main/keys.ts after the migrations ran (db/ never imports main/). So, once per database, right
 * after the key is loaded and before anything else is audited, every row is re-hashed with
 * HMAC-SHA-256 (`rechainAudit` with `all`), `meta.audit_chain` is set, and an `audit.rechained`
 * row records how many rows, the old head and the new one, and how the plain chain stood before
 * (a break found then stays on the record: the conversion does not launder it). All in one
 * transaction: a crash leaves the plain chain as it was, converted at the next start.
 */
import type { Knex } from 'knex';
import {
  appendAudit,
  auditHash,
  deriveAuditChainKey,
  isAuditChainKeyed,
  KEYED_CHAIN,
  AUDIT_CHAIN_META,
  keyedAuditHash,
  rechainAudit,
  useAuditChainKey,
  verifyAuditChain,
} from '../db';
import { writeMeta } from '../db';

export interface KeyedChain {
  /** True when this start converted the chain. */
  converted: boolean;
  rows: number;
}

export async function keyAuditChain(db: Knex, masterKey: Buffer, now: () => Date): Promise<KeyedChain> {
  const key = deriveAuditChainKey(masterKey);
  return db.transaction(async (trx) => {
    if (await isAuditChainKeyed(trx)) {
      useAuditChainKey(db, key);
      return { converted: false, rows: 0 };
    }
    const before = await verifyAuditChain(trx, { hash: auditHash });
    const result = await rechainAudit(trx, { hash: keyedAuditHash(key), all: true });
    await writeMeta(trx, AUDIT_CHAIN_META, KEYED_CHAIN);
    useAuditChainKey(db, key);
    // A new, empty log has nothing to record; every later row is keyed from the first.
    if (result.rechained > 0) {
      await appendAudit(trx, {
        at: now().toISOString(),
        actorId: null,
        actorLogin: null,
        action: 'audit.rechained',
        subject: null,
        details: {
          scheme: KEYED_CHAIN,
          rows: result.rechained,
          oldHeadHash: result.oldHeadHash,
          newHeadHash: result.newHeadHash,
          chainBefore: before.ok ? { ok: true, rows: before.rows } : { ok: false, brokenSeq: before.brokenSeq, reason: before.reason },
        },
      });
    }
    return { converted: result.rechained > 0, rows: result.rechained };
  });
}
