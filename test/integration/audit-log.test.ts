/** The supervisor's audit list and export: the period is Minsk days, the log stores UTC instants. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../preload/contract';
import type { HttpClient } from '../harness';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

let env: InProcess;
let supervisor: HttpClient;

beforeAll(async () => {
  env = await startInProcess({ retention: false });
  ({ supervisor } = await seedRoles(env));
  // 22:30 UTC on 22 November is 01:30 on 23 November in Minsk.
  env.clock.advance(Date.parse('2026-11-22T22:30:00.000Z') - env.clock.now().getTime());
  const verified = await supervisor.call('audit.verify', {});
  if (!verified.ok) throw new Error(JSON.stringify(verified));
});
afterAll(() => env.close());

const listed = async (from: string, to: string) => {
  const r = await supervisor.call<{ entries: AuditEntry[] }>('audit.list', { action: 'audit.verified', from, to });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value.entries.map((e) => e.at);
};

describe('audit period in Minsk days', () => {
  it('puts 01:30 in Minsk on its Minsk day, in the list and in the export', async () => {
    expect(await listed('2026-11-23', '2026-11-23')).toEqual(['2026-11-22T22:30:00.000Z']);
    expect(await listed('2026-11-22', '2026-11-22')).toEqual([]);
    const exported = await supervisor.call<{ csv: string; rows: number }>('audit.export', {
      action: 'audit.verified',
      from: '2026-11-23',
      to: '2026-11-23',
    });
    expect(exported.ok && exported.value.rows).toBe(1);
    expect(exported.ok && exported.value.csv).toContain('2026-11-22T22:30:00.000Z');
  });
});
