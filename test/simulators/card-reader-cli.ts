/**
 * Card-reader simulator for manual runs: creates a pty pair whose device end is `--link PATH`
 * (configure that path as the reader port in the app) and sends MRZs to it.
 *
 *   tsx test/simulators/card-reader-cli.ts --link /tmp/ttyMRZ [--framing stx|desko|3m|lines] [--file MRZ.txt]
 *
 * With --file, the file's MRZ (blank-line separated MRZs are sent one after another) is sent and
 * the simulator keeps running until Ctrl+C. Without it, type or paste MRZ lines; a blank line sends.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openReaderSimulator, type SimFraming } from './card-reader';
import { createPtyPair } from './pty';

const FRAMINGS: readonly SimFraming[] = ['stx', 'desko', '3m', 'lines'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      link: { type: 'string' },
      file: { type: 'string' },
      framing: { type: 'string', default: 'stx' },
      'chunk-size': { type: 'string' },
    },
  });
  const link = values.link;
  const framing = FRAMINGS.find((f) => f === values.framing);
  if (link === undefined || framing === undefined) {
    process.stderr.write('usage: card-reader-cli --link PATH [--framing stx|desko|3m|lines] [--file MRZ.txt] [--chunk-size N]\n');
    process.exit(2);
  }
  const chunkSize = values['chunk-size'] === undefined ? undefined : Number(values['chunk-size']);
  const pair = await createPtyPair({ devicePath: link, simPath: `${link}.sim` });
  const sim = await openReaderSimulator(pair.simPath);
  process.stdout.write(`Считыватель-симулятор: порт для приложения ${pair.devicePath} (кадр ${framing}). Ctrl+C — выход.\n`);

  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await sim.close();
    await pair.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  const send = async (text: string): Promise<void> => {
    if (text.trim().length === 0) return;
    await sim.send(text, chunkSize === undefined ? { framing } : { framing, chunkSize });
    process.stdout.write('отправлено\n');
  };

  if (values.file !== undefined) {
    const content = await readFile(values.file, 'utf8');
    for (const block of content.split(/\r?\n\s*\r?\n/)) await send(block);
    return;
  }
  process.stdout.write('Введите строки MRZ; пустая строка — отправить.\n');
  const rl = createInterface({ input: process.stdin });
  let buffer: string[] = [];
  for await (const line of rl) {
    if (line.trim().length === 0) {
      await send(buffer.join('\n'));
      buffer = [];
    } else buffer.push(line);
  }
  await send(buffer.join('\n'));
  await shutdown();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
