/**
 * The schema history: an explicit, ordered list (no directory scanning, so the bundled app
 * and the tests run exactly the same migrations). Append new migrations at the end; never
 * rename, reorder or edit one that has shipped — `PRAGMA user_version` is the list length.
 */
import type { Knex } from 'knex';
import { foundation } from './0001_foundation';
import { applications } from './0002_applications';
import { labels } from './0003_labels';
import { notifications } from './0004_notifications';
import { retention } from './0005_retention';
import { passwordChange } from './0006_password_change';
import { remask } from './0007_remask';
import { registryCheck } from './0008_registry_check';
import { deskNumbers } from './0010_desk_numbers';
import { roster } from './0011_roster';
import { outboxSending } from './0012_outbox_sending';
import { idHashStateless } from './0013_id_hash_stateless';

export interface Migration {
  /** Stored in knex_migrations; must never change once shipped. */
  readonly name: string;
  /** false: the migration manages its own transaction (a table rebuild needs foreign keys off first). */
  readonly transaction?: false;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export const migrations: readonly Migration[] = [
  foundation,
  applications,
  labels,
  notifications,
  retention,
  passwordChange,
  remask,
  registryCheck,
  deskNumbers,
  roster,
  outboxSending,
  idHashStateless,
];
