/**
 * Training and demo mode, one command (`npm run demo`): the reference registry with its demo
 * people, a simulated card reader and label printer on pseudo-terminals, and the app (browser
 * harness) wired to them by a provisioning file, with the banner «Учебный режим» and its own data
 * folder (default ~/.okno/demo), so nothing touches real data.
 *
 *   npm run demo [-- --data-dir DIR] [--port N] [--decision-delay-ms N]
 *
 * Then type a number to "scan" that demo person's document, `sms` for the codes the registry
 * "sent", `labels` for the printed labels, `paper-out` / `paper-in`, `quit`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { defaultPrinterSettings, defaultReaderSettings } from '../../preload/contract';
import { loadDemoPeople } from '../central/demo-people';
import { startCentralServer } from '../central/server';
import { harnessEntry, projectRoot } from '../harness';
import { openReaderSimulator } from '../simulators/card-reader';
import { LabelPrinterSim } from '../simulators/label-printer';
import { mrzOf } from '../simulators/mrz-make';
import { createPtyPair } from '../simulators/pty';

const documentNames: Record<string, string> = {
  passport_by: 'паспорт',
  id_card_by: 'ID-карта',
  residence_permit_by: 'вид на жительство',
  biometric_residence_permit_by: 'биометрический ВНЖ',
};

async function main() {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, 'decision-delay-ms': { type: 'string' } },
    strict: true,
  });
  const dir = resolve(values['data-dir'] ?? join(homedir(), '.okno', 'demo'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  const central = await startCentralServer({
    port: 0,
    exposeSms: true,
    decisionDelayMs: Number(values['decision-delay-ms'] ?? 3000),
    stateFile: join(dir, 'registry-state.json'),
  });
  const reader = await createPtyPair({ devicePath: join(dir, 'tty-reader'), simPath: join(dir, 'tty-reader.sim') });
  const printer = await createPtyPair({ devicePath: join(dir, 'tty-printer'), simPath: join(dir, 'tty-printer.sim') });
  const readerSim = await openReaderSimulator(reader.simPath);
  const printerSim = await LabelPrinterSim.open(printer.simPath);

  const config = join(dir, 'demo-config.json');
  writeFileSync(
    config,
    JSON.stringify(
      {
        officeCode: 'DEMO',
        officeName: 'Учебная служба «одно окно»',
        workstationId: '1',
        registryUrl: central.url,
        registryToken: 'dev-token',
        reader: { ...defaultReaderSettings, path: reader.devicePath },
        printer: { ...defaultPrinterSettings, path: printer.devicePath },
      },
      null,
      2,
    ),
  );

  const app = spawn(
    process.execPath,
    [harnessEntry, '--data-dir', join(dir, 'app'), '--config', config, '--demo', '--sync-poll-ms', '1000', '--port', values.port ?? '0'],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );

  const people = loadDemoPeople().flatMap((p) => p.documents.map((d) => ({ person: p, document: d })));
  const shutdown = async (code: number) => {
    if (app.exitCode === null) {
      app.kill('SIGTERM');
      await new Promise((r) => app.once('exit', r));
    }
    await readerSim.close();
    await printerSim.close();
    await reader.close();
    await printer.close();
    await central.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  app.once('exit', (code) => {
    process.stderr.write(`Окно завершилось (код ${code ?? '—'}).\n`);
    void shutdown(code ?? 1);
  });

  printerSim.on('label', (label) => process.stdout.write(`  [принтер] этикетка: ${label.fields.join(' | ')}\n`));
  app.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    const url = /Okno is listening on (\S+)/.exec(text)?.[1];
    if (!url) return;
    process.stdout.write(
      [
        '',
        'Учебный режим «Окна» запущен.',
        `  Откройте в браузере: ${url}`,
        `  Учебный реестр: ${central.url} (токен dev-token), коды SMS: команда sms`,
        `  Данные учебного режима: ${dir}`,
        '',
        'При первом запуске создайте администратора, затем оператора (Сотрудники) и войдите оператором.',
        'Чтобы «считать» документ, наберите его номер из списка и Enter:',
        ...people.map(
          ({ person, document }, i) =>
            `  ${String(i + 1).padStart(2)} — ${person.surname} ${person.givenNames}${person.patronymic ? ` ${person.patronymic}` : ''}, ${documentNames[document.type] ?? document.type} ${document.series ?? ''}${document.number}${person.uid ? ` (УИ: ${person.uid.state === 'active' ? 'выдан' : 'заблокирован'})` : ''}`,
        ),
        'Команды: sms — коды из SMS, labels — напечатанные этикетки, paper-out / paper-in — бумага в принтере, quit — выход.',
        '',
      ].join('\n'),
    );
  });

  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const command = line.trim();
    const n = Number(command);
    if (Number.isInteger(n) && n >= 1 && n <= people.length) {
      const chosen = people[n - 1];
      if (chosen) void readerSim.send(mrzOf(chosen.person, chosen.document), { framing: 'stx', chunkSize: 'random' });
      process.stdout.write('  [считыватель] документ считан\n');
    } else if (command === 'sms') {
      const messages = central.state.smsMessages();
      process.stdout.write(
        messages.length === 0 ? '  SMS не отправлялись\n' : messages.map((m) => `  ${m.phone}: код ${m.code} (${m.sentAt})\n`).join(''),
      );
    } else if (command === 'labels') {
      process.stdout.write(printerSim.labels.map((l, i) => `  #${i + 1}: ${l.fields.join(' | ')}\n`).join('') || '  этикеток нет\n');
    } else if (command === 'paper-out' || command === 'paper-in') {
      printerSim.set({ paperOut: command === 'paper-out' });
      process.stdout.write(`  [принтер] ${command === 'paper-out' ? 'бумага закончилась' : 'бумага вставлена'}\n`);
    } else if (command === 'quit') {
      void shutdown(0);
    } else if (command !== '') {
      process.stdout.write('  неизвестная команда\n');
    }
  });
}

await main();
