/**
 * The workstation's bearer token for the registry. IT may put it in the provisioning config (then
 * it is read-only here); otherwise an admin sets it and it is kept encrypted like personal data
 * (the same field cipher, bound to its meta key). It never crosses the bridge.
 */
import type { Knex } from 'knex';
import { readMeta, writeMeta, type FieldCipher } from '../../db';

const KEY = 'registry.token';

export type TokenSource = 'unset' | 'set' | 'config';

export interface TokenStore {
  get(): string | null;
  source(): TokenSource;
  set(db: Knex | Knex.Transaction, token: string): Promise<void>;
}

export async function createTokenStore(db: Knex, cipher: FieldCipher, configToken: string | undefined): Promise<TokenStore> {
  let stored: string | null = null;
  const sealed = await readMeta(db, KEY);
  if (sealed !== null) stored = cipher.decrypt(Buffer.from(sealed, 'base64'), `meta:${KEY}`).toString('utf8');
  return {
    get: () => configToken ?? stored,
    source: () => (configToken !== undefined ? 'config' : stored !== null ? 'set' : 'unset'),
    async set(conn, token) {
      await writeMeta(conn, KEY, cipher.encrypt(token, `meta:${KEY}`).toString('base64'));
      stored = token;
    },
  };
}
