/** A small, strict command-line parser: unknown flags are an error, not silently ignored. */
import { parseArgs } from 'node:util';

export interface HarnessArgs {
  dataDir: string | null;
  port: number;
  config: string | null;
}

export type ArgsResult = { ok: true; args: HarnessArgs } | { ok: false; message: string };

export function parseHarnessArgs(argv: string[]): ArgsResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, config: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: `${(error as Error).message}\nИспользование: npm run web -- [--data-dir DIR] [--port N] [--config FILE]` };
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { ok: false, message: `--port: ожидается число от 0 до 65535, получено «${values.port}».` };
  return { ok: true, args: { dataDir: values['data-dir'] ?? null, port, config: values.config ?? null } };
}
