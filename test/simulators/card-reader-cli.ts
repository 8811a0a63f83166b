/**
 * Card-reader simulator for manual runs: creates a pty pair whose device end is `--link PATH`
 * (configure that path as the reader port in the app) and sends MRZs to it.
 *
 *   tsx test/simulators/card-reader-cli.ts --link /tmp/ttyMRZ [--framing stx|desko|3m|lines] [--file MRZ.txt]
 *
 * With --file, the file's MRZ (blank-line separated MRZs are sent one after another) is sent.
 * Without it, type or paste MRZ lines; a blank line sends. Either way the simulator runs until
 * Ctrl+C or SIGTERM; standard input ending (or /dev/null) does not stop it.
 */
import { readFile } from 'node:fs/promises';
import { openReaderSimulator, type SimFraming } from './card-reader';
import { parseSimArgs, readStdinLines, runSimCli, startOnPty, usageError } from './sim-cli';

const FRAMINGS: readonly SimFraming[] = ['stx', 'desko', '3m', 'lines'];
const USAGE = 'usage: card-reader-cli --link PATH [--framing stx|desko|3m|lines] [--file MRZ.txt] [--chunk-size N]';

async function main(): Promise<void> {
  const args = parseSimArgs(USAGE, ['file', 'framing', 'chunk-size']);
  const framing = FRAMINGS.find((f) => f === (args.framing ?? 'stx'));
  if (framing === undefined) usageError(USAGE, `unknown framing: ${args.framing}`);
  const chunkSize = args['chunk-size'] === undefined ? undefined : Number(args['chunk-size']);
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize > 0)) usageError(USAGE, '--chunk-size: a positive integer');

  const { pair, sim } = await startOnPty(args.link, (simPath) => openReaderSimulator(simPath));
  process.stdout.write(`Считыватель-симулятор: порт для приложения ${pair.devicePath} (кадр ${framing}). Ctrl+C — выход.\n`);

  const send = async (text: string): Promise<void> => {
    if (text.trim().length === 0) return;
    await sim.send(text, chunkSize === undefined ? { framing } : { framing, chunkSize });
    process.stdout.write('отправлено\n');
  };

  if (args.file !== undefined) {
    const content = await readFile(args.file, 'utf8');
    for (const block of content.split(/\r?\n\s*\r?\n/)) await send(block);
    return;
  }
  process.stdout.write('Введите строки MRZ; пустая строка — отправить.\n');
  let buffer: string[] = [];
  await readStdinLines({
    onLine: async (line) => {
      if (line.trim().length > 0) {
        buffer.push(line);
        return;
      }
      await send(buffer.join('\n'));
      buffer = [];
    },
    onEnd: () => send(buffer.join('\n')),
    closedNote: 'Ввод закрыт; симулятор работает до Ctrl+C или SIGTERM.',
  });
}

runSimCli(main);
