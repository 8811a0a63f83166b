/**
 * Zebra label printer simulator on a serial path (e.g. the sim end of a socat pair):
 *
 *   npm run sim:printer -- --link /tmp/ttySIM
 *
 * Prints each label's fields to stdout. Commands (one per line on stdin):
 *   paper-out, paper-in, head-open, head-close, pause, resume, silent, answer, status, quit
 */
import { createInterface } from 'node:readline';
import { LabelPrinterSim, type SimState } from './label-printer';

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

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

async function main(): Promise<void> {
  const link = argValue('--link');
  if (!link) {
    process.stderr.write('usage: label-printer-cli --link PATH\n');
    process.exit(2);
  }
  const sim = await LabelPrinterSim.open(link);
  process.stdout.write(`printer simulator on ${link}; commands: ${Object.keys(commands).join(', ')}, status, quit\n`);
  sim.on('label', (label) => {
    process.stdout.write(`label #${sim.labels.length}: ${label.fields.map((f) => JSON.stringify(f)).join(' | ')}\n`);
  });
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const cmd = line.trim();
    if (!cmd) return;
    const change = commands[cmd];
    if (change) {
      sim.set(change);
      process.stdout.write(`ok: ${JSON.stringify(sim.state)}\n`);
    } else if (cmd === 'status') {
      process.stdout.write(`${JSON.stringify({ ...sim.state, held: sim.heldCount, printed: sim.labels.length })}\n`);
    } else if (cmd === 'quit') {
      rl.close();
    } else {
      process.stdout.write(`unknown command: ${cmd}\n`);
    }
  });
  rl.on('close', () => {
    void sim.close().then(() => process.exit(0));
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
