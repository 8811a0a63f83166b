/**
 * SIGKILL of the harness in the middle of a burst of logins (each one commits a clerk update
 * and an audit row): the database must open again, pass the full integrity check, keep every
 * row whose call was answered, and its audit chain must still verify.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, integrityCheck, openDatabase, verifyAuditChain } from '../../db';
import { silentLogger } from '../../main/log';
import { HttpClient, projectRoot, removeDir, startHarness, tempDir } from '../harness';
import { useFolderChainKey } from '../support/chain-key';

const PASSWORD = 'burst-password-1';

beforeAll(() => {
  execFileSync(process.execPath, [join(projectRoot, 'build/scripts/build.mjs'), '--if-stale'], { cwd: projectRoot, stdio: 'inherit' });
}, 120_000);

let dataDir: string;
afterAll(() => removeDir(dataDir));

async function countLogins(dir: string) {
  const opened = await openDatabase({ file: join(dir, 'okno.sqlite'), backupsDir: join(dir, 'backups'), log: silentLogger });
  if (!opened.ok) throw new Error(opened.error.message);
  try {
    const problems = await integrityCheck(opened.db);
    useFolderChainKey(opened.db, dir);
    const chain = await verifyAuditChain(opened.db);
    const row = await opened.db('audit_log').where({ action: 'auth.login' }).count({ n: '*' }).first();
    return { problems, chain, logins: Number(row?.n ?? 0) };
  } finally {
    await closeDatabase(opened.db);
  }
}

describe('crash safety', () => {
  it('a SIGKILL during a login burst loses no committed row', async () => {
    dataDir = tempDir('okno-crash-');
    let acknowledged = 0;
    for (let round = 0; round < 3; round++) {
      const harness = await startHarness({ dataDir });
      const admin = await new HttpClient(harness.url).connect();
      if (round === 0) {
        const r = await admin.call('setup.createAdmin', { login: 'burst', password: PASSWORD, passwordRepeat: PASSWORD });
        expect(r.ok).toBe(true);
      }
      const clients = await Promise.all(Array.from({ length: 4 }, () => new HttpClient(harness.url).connect()));
      let roundAcks = 0;
      // Kill once enough logins were answered: an event, not a timer.
      const target = 15 + round * 5;
      await new Promise<void>((resolve) => {
        let killed = false;
        for (const c of clients) {
          void (async () => {
            while (!killed) {
              try {
                const r = await c.call('auth.login', { login: 'burst', password: PASSWORD });
                if (r.ok && !killed) roundAcks++;
              } catch {
                return; // the process is gone
              }
              if (roundAcks >= target && !killed) {
                killed = true;
                void harness.kill().then(() => resolve());
              }
            }
          })();
        }
      });
      acknowledged += roundAcks;
      const after = await countLogins(dataDir);
      expect(after.problems).toEqual([]);
      expect(after.chain.ok).toBe(true);
      expect(after.logins).toBeGreaterThanOrEqual(acknowledged);
      acknowledged = after.logins;
    }
  }, 120_000);
});
