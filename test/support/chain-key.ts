/** Tests that reopen a data folder themselves: the keyed audit chain needs the folder's data key. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { deriveAuditChainKey, useAuditChainKey } from '../../db';

/** Registers the chain key of the harness's plain key file (`okno.key`) on `db`. */
export function useFolderChainKey(db: Knex, dataDir: string): void {
  const master = Buffer.from(readFileSync(join(dataDir, 'okno.key'), 'utf8').trim(), 'base64');
  useAuditChainKey(db, deriveAuditChainKey(master));
}
