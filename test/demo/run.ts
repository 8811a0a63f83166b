/**
 * Training and demo mode, one command (`npm run demo`): the reference registry with its demo
 * people, a simulated card reader and label printer on pseudo-terminals, and the app (browser
 * harness) wired to them by a provisioning file, with the banner «Учебный режим» and its own data
 * folder (default ~/.okno/demo), so nothing touches real data.
 *
 *   npm run demo [-- --data-dir DIR] [--port N] [--decision-delay-ms N] [--desks N]
 *
 * Then type a number to "scan" that demo person's document, `sms` for the codes the registry
 * "sent", `labels` for the printed labels, `paper-out` / `paper-in`, `quit`.
 *
 * `--desks 2` (up to 9): that many desks of one office (workstations 1…N, each with its own data
 * folder, devices, address and a registry token bound to it) against the one registry, to try what
 * an office of several windows does: numbers unique in the office, each desk's own decisions.
 * `2:5` scans person 5 at desk 2 (a plain number scans at desk 1); `paper-out 2` for desk 2's printer.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { defaultPrinterSettings, defaultReaderSettings } from '../../preload/contract';
import { loadDemoPeople } from '../central/demo-people';
import { startCentralServer } from '../central/server';
import { harnessEntry, projectRoot } from '../harness';
import { openReaderSimulator, type ReaderSimulator } from '../simulators/card-reader';
import { LabelPrinterSim } from '../simulators/label-printer';
import { mrzOf } from '../simulators/mrz-make';
import { createPtyPair, type PtyPair } from '../simulators/pty';

const documentNames: Record<string, string> = {
  passport_by: 'паспорт',
  id_card_by: 'ID-карта',
  residence_permit_by: 'вид на жительство',
  biometric_residence_permit_by: 'биометрический ВНЖ',
};

/** One desk of the demo office: its simulated devices, its provisioning file, its harness process. */
interface DemoDesk {
  ws: number;
  readerSim: ReaderSimulator;
  printerSim: LabelPrinterSim;
  ptys: PtyPair[];
  app: ChildProcessByStdio<null, Readable, null>;
  url: Promise<string>;
}

async function startDesk(dir: string, ws: number, count: number, registryUrl: string, port: string | undefined): Promise<DemoDesk> {
  // One desk keeps the file names of the one-desk demo, so an existing demo folder goes on as before.
  const suffix = count === 1 ? '' : `-${ws}`;
  const reader = await createPtyPair({ devicePath: join(dir, `tty-reader${suffix}`), simPath: join(dir, `tty-reader${suffix}.sim`) });
  const printer = await createPtyPair({ devicePath: join(dir, `tty-printer${suffix}`), simPath: join(dir, `tty-printer${suffix}.sim`) });
  const readerSim = await openReaderSimulator(reader.simPath);
  const printerSim = await LabelPrinterSim.open(printer.simPath);
  const config = join(dir, `demo-config${suffix}.json`);
  writeFileSync(
    config,
    JSON.stringify(
      {
        officeCode: DEMO_OFFICE,
        officeName: 'Учебная служба «одно окно»',
        workstationId: String(ws),
        registryUrl,
        registryToken: count === 1 ? 'dev-token' : deskToken(ws),
        reader: { ...defaultReaderSettings, path: reader.devicePath },
        printer: { ...defaultPrinterSettings, path: printer.devicePath },
      },
      null,
      2,
    ),
  );
  const app = spawn(
    process.execPath,
    [
      harnessEntry,
      ...['--data-dir', join(dir, `app${suffix}`), '--config', config, '--demo', '--sync-poll-ms', '1000'],
      ...['--port', port === undefined || port === '0' ? '0' : String(Number(port) + ws - 1)],
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = new Promise<string>((resolveUrl) => {
    const onData = (chunk: Buffer) => {
      const found = /Okno is listening on (\S+)/.exec(chunk.toString())?.[1];
      if (found === undefined) return;
      app.stdout.off('data', onData);
      resolveUrl(found);
    };
    app.stdout.on('data', onData);
  });
  const where = count === 1 ? '' : ` ${ws}`;
  printerSim.on('label', (label) => process.stdout.write(`  [принтер${where}] этикетка: ${label.fields.join(' | ')}\n`));
  return { ws, readerSim, printerSim, ptys: [reader, printer], app, url };
}

const DEMO_OFFICE = 'DEMO';
const deskToken = (ws: number) => `demo-desk-${ws}`;

async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'decision-delay-ms': { type: 'string' },
      desks: { type: 'string' },
    },
    strict: true,
  });
  const count = Number(values.desks ?? '1');
  if (!Number.isInteger(count) || count < 1 || count > 9) {
    process.stderr.write(`demo: --desks — число от 1 до 9, указано "${values.desks ?? ''}"\n`);
    process.exit(2);
  }
  const dir = resolve(values['data-dir'] ?? join(homedir(), '.okno', 'demo'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  const central = await startCentralServer({
    port: 0,
    exposeSms: true,
    decisionDelayMs: Number(values['decision-delay-ms'] ?? 3000),
    stateFile: join(dir, 'registry-state.json'),
    // One desk: the demo's usual token. Several: a token per desk, bound to its office and number.
    token: count === 1 ? 'dev-token' : numbers.map((ws) => `${deskToken(ws)}=${DEMO_OFFICE}/${ws}`),
  });
  const desks: DemoDesk[] = [];
  for (const ws of numbers) desks.push(await startDesk(dir, ws, count, central.url, values.port));
  const deskAt = (ws: number) => desks.find((d) => d.ws === ws);

  const people = loadDemoPeople().flatMap((p) => p.documents.map((d) => ({ person: p, document: d })));
  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    for (const { app } of desks) {
      if (app.exitCode === null) {
        app.kill('SIGTERM');
        await new Promise((r) => app.once('exit', r));
      }
    }
    for (const d of desks) {
      await d.readerSim.close();
      await d.printerSim.close();
      for (const pty of d.ptys) await pty.close();
    }
    await central.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  for (const { app, ws } of desks) {
    app.once('exit', (code) => {
      process.stderr.write(`Окно${count === 1 ? '' : ` (рабочее место ${ws})`} завершилось (код ${code ?? '—'}).\n`);
      void shutdown(code ?? 1);
    });
  }

  void Promise.all(desks.map((d) => d.url)).then((urls) => {
    process.stdout.write(
      [
        '',
        count === 1 ? 'Учебный режим «Окна» запущен.' : `Учебный режим «Окна» запущен: служба ${DEMO_OFFICE}, рабочих мест — ${count}.`,
        ...(count === 1 ? [`  Откройте в браузере: ${urls[0] ?? ''}`] : urls.map((url, i) => `  Рабочее место ${i + 1}: ${url}`)),
        count === 1
          ? `  Учебный реестр: ${central.url} (токен dev-token), коды SMS: команда sms`
          : `  Учебный реестр: ${central.url} (у каждого места свой токен ${deskToken(1)}…${deskToken(count)}), коды SMS: команда sms`,
        `  Данные учебного режима: ${dir}`,
        '',
        'При первом запуске создайте администратора, затем оператора (Сотрудники) и войдите оператором.',
        'Чтобы «считать» документ, наберите его номер из списка и Enter:',
        ...people.map(
          ({ person, document }, i) =>
            `  ${String(i + 1).padStart(2)} — ${person.surname} ${person.givenNames}${person.patronymic ? ` ${person.patronymic}` : ''}, ${documentNames[document.type] ?? document.type} ${document.series ?? ''}${document.number}${person.uid ? ` (УИ: ${person.uid.state === 'active' ? 'выдан' : 'заблокирован'})` : ''}`,
        ),
        ...(count === 1 ? [] : ['На другом рабочем месте: номер места, двоеточие и номер из списка (например 2:5).']),
        `Команды: sms — коды из SMS, labels — напечатанные этикетки, paper-out / paper-in${count === 1 ? '' : ' [место]'} — бумага в принтере, quit — выход.`,
        '',
      ].join('\n'),
    );
  });

  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const command = line.trim();
    const scan = /^(?:([1-9]):)?(\d+)$/.exec(command);
    const paper = /^(paper-out|paper-in)(?:\s+([1-9]))?$/.exec(command);
    const n = Number(scan?.[2]);
    const desk = deskAt(Number(scan?.[1] ?? paper?.[2] ?? '1'));
    if (scan !== null && desk !== undefined && Number.isInteger(n) && n >= 1 && n <= people.length) {
      const chosen = people[n - 1];
      if (chosen) void desk.readerSim.send(mrzOf(chosen.person, chosen.document), { framing: 'stx', chunkSize: 'random' });
      process.stdout.write(`  [считыватель${count === 1 ? '' : ` ${desk.ws}`}] документ считан\n`);
    } else if (command === 'sms') {
      const messages = central.state.smsMessages();
      process.stdout.write(
        messages.length === 0 ? '  SMS не отправлялись\n' : messages.map((m) => `  ${m.phone}: код ${m.code} (${m.sentAt})\n`).join(''),
      );
    } else if (command === 'labels') {
      const lines = desks.flatMap((d) =>
        d.printerSim.labels.map((l, i) => `  ${count === 1 ? '' : `место ${d.ws} `}#${i + 1}: ${l.fields.join(' | ')}\n`),
      );
      process.stdout.write(lines.join('') || '  этикеток нет\n');
    } else if (paper !== null && desk !== undefined) {
      desk.printerSim.set({ paperOut: paper[1] === 'paper-out' });
      process.stdout.write(
        `  [принтер${count === 1 ? '' : ` ${desk.ws}`}] ${paper[1] === 'paper-out' ? 'бумага закончилась' : 'бумага вставлена'}\n`,
      );
    } else if (command === 'quit') {
      void shutdown(0);
    } else if (command !== '') {
      process.stdout.write('  неизвестная команда\n');
    }
  });
}

await main();
