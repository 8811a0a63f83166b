/** A small, strict command-line parser: unknown flags are an error, not silently ignored. */
import { parseArgs } from 'node:util';

export interface HarnessArgs {
  dataDir: string | null;
  port: number;
  config: string | null;
  /** Training and demo mode: the banner «Учебный режим» (npm run demo sets it). */
  demo: boolean;
  /** How often to ask the registry for decisions and, offline, whether it is back (tests, demo). */
  syncPollMs: number | null;
}

export type ArgsResult = { ok: true; args: HarnessArgs } | { ok: false; message: string };

export function parseHarnessArgs(argv: string[]): ArgsResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        config: { type: 'string' },
        demo: { type: 'boolean' },
        'sync-poll-ms': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return {
      ok: false,
      message: `${(error as Error).message}\nИспользование: npm run web -- [--data-dir DIR] [--port N] [--config FILE] [--demo] [--sync-poll-ms N]`,
    };
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { ok: false, message: `--port: ожидается число от 0 до 65535, получено «${values.port}».` };
  const poll = values['sync-poll-ms'] === undefined ? null : Number(values['sync-poll-ms']);
  if (poll !== null && (!Number.isInteger(poll) || poll < 10 || poll > 600_000))
    return { ok: false, message: `--sync-poll-ms: ожидается число от 10 до 600000, получено «${values['sync-poll-ms']}».` };
  return {
    ok: true,
    args: { dataDir: values['data-dir'] ?? null, port, config: values.config ?? null, demo: values.demo ?? false, syncPollMs: poll },
  };
}
