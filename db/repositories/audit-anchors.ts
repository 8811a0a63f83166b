/** The local audit log against the heads anchored in the registry (issue 15, main/sync/anchors.ts). */
import type { Db } from '../types';
import type { AuditDbRow, HeadDbRow } from './audit';

/** The end-of-log mark; null before the first row. */
export async function readAuditHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const head = await db<HeadDbRow>('audit_head').where('id', 1).first();
  return head && head.seq > 0 ? { seq: head.seq, hash: head.hash } : null;
}

export type AnchorComparison =
  | { status: 'agrees'; anchors: number }
  /** hash_differs: the row at `seq` is not the one anchored; beyond_end: the log ends before `seq` (rows deleted). */
  | { status: 'disagrees'; seq: number; reason: 'hash_differs' | 'beyond_end' };

/**
 * Compares the local log with the heads anchored in the registry: each anchor must name a row this
 * log still has, with the same hash. The earliest disagreement is reported.
 */
export async function compareWithAnchors(db: Db, anchors: ReadonlyArray<{ seq: number; headHash: string }>): Promise<AnchorComparison> {
  const last = await db<AuditDbRow>('audit_log').max({ seq: 'seq' }).first();
  const lastSeq = Number((last as { seq: number | null } | undefined)?.seq ?? 0);
  const sorted = [...anchors].sort((a, b) => a.seq - b.seq);
  const seqs = sorted.filter((a) => a.seq <= lastSeq).map((a) => a.seq);
  const hashes = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += 500) {
    const rows = await db<AuditDbRow>('audit_log')
      .select('seq', 'hash')
      .whereIn('seq', seqs.slice(i, i + 500));
    for (const row of rows) hashes.set(row.seq, row.hash);
  }
  for (const anchor of sorted) {
    if (anchor.seq > lastSeq) return { status: 'disagrees', seq: anchor.seq, reason: 'beyond_end' };
    if (hashes.get(anchor.seq) !== anchor.headHash) return { status: 'disagrees', seq: anchor.seq, reason: 'hash_differs' };
  }
  return { status: 'agrees', anchors: sorted.length };
}
