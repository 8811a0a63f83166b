/** `meta`: a few named values about the database itself (e.g. `key_check`), as plain text. */
import type { Db } from '../types';

interface MetaDbRow {
  key: string;
  value: string;
}

const meta = (db: Db) => db<MetaDbRow>('meta');

export async function readMeta(db: Db, key: string): Promise<string | null> {
  const row = await meta(db).where('key', key).first();
  return row?.value ?? null;
}

/** Insert only: throws a UNIQUE violation when the key is already set (values here are write-once). */
export async function insertMeta(db: Db, key: string, value: string): Promise<void> {
  await meta(db).insert({ key, value });
}

/** Insert or replace: for values that change (the decisions cursor, the sealed registry token). */
export async function writeMeta(db: Db, key: string, value: string): Promise<void> {
  await meta(db).insert({ key, value }).onConflict('key').merge(['value']);
}
