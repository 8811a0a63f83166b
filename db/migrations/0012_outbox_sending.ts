/**
 * Issue 18: the drain reads the outbox in sending order page after page, from where the last page
 * ended (keyset). This index serves that read as a range scan in order, so a page costs what it
 * returns instead of sorting every pending item each time.
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

export const outboxSending: Migration = {
  name: '0012_outbox_sending',
  up: async (knex: Knex) => {
    await knex.raw(`CREATE INDEX outbox_sending ON outbox (state, enqueued_at, application_id)`);
  },
  down: async (knex: Knex) => {
    await knex.raw(`DROP INDEX outbox_sending`);
  },
};
