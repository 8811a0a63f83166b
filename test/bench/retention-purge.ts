/**
 * The retention purge on a large journal: N applications made by generate-applications.ts (spread
 * over about two years, every row still holding its data), then the real purge of the app —
 * one UPDATE over the partial index of rows holding data, VACUUM and the WAL truncate — and the
 * daily run that finds nothing. Prints figures; asserts nothing.
 *
 *   npm run bench:retention [-- --count 200000] [--data-dir DIR]
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { databaseFile, startApp } from '../../main/app';
import { silentLogger } from '../../main/log';
import { countHolding } from '../../db';
import { reportBench } from './bench-json';
import { projectRoot, removeDir, tempDir } from '../harness';

const { values } = parseArgs({ options: { count: { type: 'string', default: '200000' }, 'data-dir': { type: 'string' } } });
const count = Number(values.count);
const dataDir = values['data-dir'] ?? tempDir();

const generated = spawnSync(
  join(projectRoot, 'node_modules', '.bin', 'tsx'),
  ['test/bench/generate-applications.ts', '--data-dir', dataDir, '--count', String(count)],
  { cwd: projectRoot, stdio: 'inherit' },
);
if (generated.status !== 0) throw new Error('generate-applications failed');

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const fileBytes = () => statSync(databaseFile(dataDir)).size;
const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
};

const app = await startApp({
  dataDir,
  configFile: null,
  log: silentLogger,
  transport: 'http',
  appVersion: 'bench',
  retention: false,
});
try {
  const before = await countHolding(app.deps.db);
  const sizeBefore = fileBytes();
  const [first, firstMs] = await timed(() => app.deps.retention.runNow());
  const sizeAfter = fileBytes();
  const [second, secondMs] = await timed(() => app.deps.retention.runNow());
  const after = await countHolding(app.deps.db);

  console.log(
    `\nretention purge, ${before.total.toLocaleString('en')} applications, period ${app.deps.settings.values().retentionDays} days`,
  );
  console.log(`  holding data before: ${before.holding.toLocaleString('en')}, after: ${after.holding.toLocaleString('en')}`);
  console.log(
    `  first run (purge + VACUUM + WAL truncate): ${first.purged.length.toLocaleString('en')} purged in ${firstMs.toFixed(0)} ms`,
  );
  console.log(`  file: ${mib(sizeBefore)} → ${mib(sizeAfter)}`);
  console.log(`  daily run with nothing due: ${second.purged.length} purged in ${secondMs.toFixed(1)} ms`);
  reportBench({
    name: 'retention-purge',
    rows: [
      { metric: `first run: ${first.purged.length} purged + VACUUM + WAL truncate`, value: firstMs, unit: 'ms' },
      { metric: 'daily run with nothing due', value: secondMs, unit: 'ms' },
      {
        metric: 'file after the purge (ratio: to before)',
        value: sizeAfter / 1024 / 1024,
        unit: 'MiB',
        baseline: sizeBefore / 1024 / 1024,
      },
    ],
  });
} finally {
  await app.close();
  if (!values['data-dir']) removeDir(dataDir);
}
