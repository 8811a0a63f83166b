/**
 * Issue 18: `applications_id_hash` loses its `state` column. With it, every state change (queued →
 * sent → approved…) moved an entry of that index, which is ordered by a hash: one random page of
 * it rewritten per application at every step, on create, send and decision alike. A person has a
 * handful of applications, so the duplicate checks (`id_hash = ? AND procedure = ? AND state IN …`)
 * read those few rows whichever way; the index still finds them by hash and procedure.
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

export const idHashStateless: Migration = {
  name: '0013_id_hash_stateless',
  up: async (knex: Knex) => {
    await knex.raw(`DROP INDEX applications_id_hash`);
    await knex.raw(`CREATE INDEX applications_id_hash ON applications (id_hash, procedure)`);
  },
  down: async (knex: Knex) => {
    await knex.raw(`DROP INDEX applications_id_hash`);
    await knex.raw(`CREATE INDEX applications_id_hash ON applications (id_hash, procedure, state)`);
  },
};
