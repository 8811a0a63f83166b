/**
 * The browser harness: the main-process services in plain Node, served over the loopback
 * HTTP transport together with the built renderer. No Electron needed.
 */
import { join, resolve } from 'node:path';
import pkg from '../package.json';
import { startApp, StartupError } from './app';
import { parseHarnessArgs } from './args';
import { startHttpTransport } from './http/server';
import { createLogger } from './log';
import { defaultHarnessDataDir, rendererDir, securePrivateDataDir } from './paths';
import { printStartMarks, startMark } from './start-trace';

async function main() {
  startMark('modules loaded');
  const parsed = parseHarnessArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(parsed.message + '\n');
    process.exit(2);
  }
  const dataDir = resolve(parsed.args.dataDir ?? defaultHarnessDataDir());
  securePrivateDataDir(dataDir);
  const log = createLogger({ file: join(dataDir, 'logs', 'okno.log'), stderr: true });

  let app;
  try {
    app = await startApp({
      dataDir,
      configFile: parsed.args.config ? resolve(parsed.args.config) : null,
      log,
      transport: 'http',
      appVersion: pkg.version,
      demo: parsed.args.demo,
      ...(parsed.args.syncPollMs !== null && {
        sync: { decisionsPollMs: parsed.args.syncPollMs, offlineCheckMs: parsed.args.syncPollMs, idlePollMs: parsed.args.syncPollMs * 5 },
      }),
    });
  } catch (error) {
    if (error instanceof StartupError) {
      process.stderr.write(`Окно не запущено: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  startMark('app started');
  const http = await startHttpTransport({ app, staticDir: rendererDir(), port: parsed.args.port, log });
  log.info('harness listening', { port: http.port, dataDir });
  // The one place the key appears: the terminal of the OS user who started the harness (not the log).
  startMark('listening');
  printStartMarks();
  process.stdout.write(`Okno is listening on ${http.openUrl}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('harness stopping', { signal });
    await http.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Окно: непредвиденная ошибка при запуске: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
