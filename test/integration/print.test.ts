/** Printing: Electron prints the caller's own page through webContents; the harness leaves it to the page. */
import { afterEach, describe, expect, it } from 'vitest';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

let env: InProcess | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

describe('print.page', () => {
  it('without a printer capability tells the page to print itself', async () => {
    env = await startInProcess();
    const { clerk } = await seedRoles(env);
    expect(await clerk.call('print.page', { title: 'application' })).toEqual({ ok: true, value: { method: 'browser', printed: false } });
  });

  it('with one, prints the calling client’s page and reports a cancelled dialog', async () => {
    const calls: Array<[string, string]> = [];
    let answer = true;
    env = await startInProcess({
      printPage: async (clientId, title) => {
        calls.push([clientId, title]);
        return answer;
      },
    });
    const { clerk, supervisor } = await seedRoles(env);
    expect(await clerk.call('print.page', { title: 'application' })).toEqual({ ok: true, value: { method: 'webContents', printed: true } });
    answer = false;
    expect(await supervisor.call('print.page', { title: 'notice' })).toEqual({
      ok: true,
      value: { method: 'webContents', printed: false },
    });
    expect(calls.map(([, t]) => t)).toEqual(['application', 'notice']);
    expect(calls[0]?.[0]).not.toBe(calls[1]?.[0]);
  });
});
