/**
 * Zebra label printer simulator for manual runs: creates a pty pair whose device end is `--link PATH`
 * (configure that path as the printer port in the app) and answers on the other end.
 *
 *   npm run sim:printer -- --link /tmp/ttyPrinter
 *
 * Prints each label's fields to stdout. Commands (one per line on stdin):
 *   paper-out, paper-in, head-open, head-close, pause, resume, silent, answer, status, quit
 * Runs until `quit`, Ctrl+C or SIGTERM; standard input ending (or /dev/null) does not stop it.
 */
import { LabelPrinterSim, type SimState } from './label-printer';
import { parseSimArgs, readStdinLines, runSimCli, startOnPty } from './sim-cli';

const commands: Record<string, Partial<SimState>> = {
  'paper-out': { paperOut: true },
  'paper-in': { paperOut: false },
  'head-open': { headOpen: true },
  'head-close': { headOpen: false },
  pause: { paused: true },
  resume: { paused: false },
  silent: { silent: true },
  answer: { silent: false },
};

async function main(): Promise<void> {
  const { link } = parseSimArgs('usage: label-printer-cli --link PATH');
  const { pair, sim, stop } = await startOnPty(link, (simPath) => LabelPrinterSim.open(simPath));
  process.stdout.write(`printer simulator on ${pair.devicePath}; commands: ${Object.keys(commands).join(', ')}, status, quit\n`);
  sim.on('label', (label) => {
    process.stdout.write(`label #${sim.labels.length}: ${label.fields.map((f) => JSON.stringify(f)).join(' | ')}\n`);
  });
  await readStdinLines({
    onLine: async (line) => {
      const cmd = line.trim();
      if (!cmd) return;
      const change = commands[cmd];
      if (change) {
        sim.set(change);
        process.stdout.write(`ok: ${JSON.stringify(sim.state)}\n`);
      } else if (cmd === 'status') {
        process.stdout.write(`${JSON.stringify({ ...sim.state, held: sim.heldCount, printed: sim.labels.length })}\n`);
      } else if (cmd === 'quit') {
        await stop();
      } else {
        process.stdout.write(`unknown command: ${cmd}\n`);
      }
    },
    closedNote: 'standard input closed; the printer simulator runs until Ctrl+C or SIGTERM',
  });
}

runSimCli(main);
