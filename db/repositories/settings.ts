/** Workstation settings: one row per key, the value stored as JSON text. */
import type { Db } from '../types';

interface SettingDbRow {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

const settings = (db: Db) => db<SettingDbRow>('settings');

/** Stored values only; defaults and validation belong to the settings service. */
export async function readSettings(db: Db): Promise<Record<string, unknown>> {
  const rows = await settings(db).select('key', 'value').orderBy('key');
  const out: Record<string, unknown> = {};
  for (const row of rows) out[row.key] = JSON.parse(row.value) as unknown;
  return out;
}

/** Insert or replace one key. `value` must survive JSON (no undefined, functions or symbols). */
export async function writeSetting(db: Db, key: string, value: unknown, updatedBy: string | null, at: string): Promise<void> {
  const json: unknown = JSON.stringify(value);
  if (typeof json !== 'string') throw new TypeError(`setting "${key}" is not representable as JSON`);
  await settings(db)
    .insert({ key, value: json, updated_at: at, updated_by: updatedBy })
    .onConflict('key')
    .merge(['value', 'updated_at', 'updated_by']);
}
