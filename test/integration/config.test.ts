/**
 * The provisioning config (issue 7): the example file covers every key and starts the app with
 * those settings; every bad value of every key is refused with a message naming the file, the
 * key, what is wrong and what is expected; JSON mistakes are located by line and column; the
 * token file; the schema and docs/config.md never drift from main/config.ts; the real harness
 * starts with the example and stops with a bad file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configJsonSchema, configKeyDocs, loadConfig, type ConfigResult } from '../../main/config';
import { settingKeys } from '../../preload/contract/schemas';
import type { AppInfo, DevicesStatus } from '../../preload/contract';
import { docsFile, docsText, exampleFile, schemaFile, schemaKeyPaths } from '../../build/scripts/config-schema';
import { harnessEntry, HttpClient, projectRoot, removeDir, startHarness, tempDir } from '../harness';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

const example = JSON.parse(readFileSync(exampleFile, 'utf8')) as Record<string, unknown>;
const EXAMPLE_TOKEN = readFileSync(join(projectRoot, 'build', 'okno.registry-token.example'), 'utf8').trim();

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function dir(): string {
  const d = tempDir('okno-config-');
  dirs.push(d);
  return d;
}

/** Writes `text` (or the JSON of a value) as a config file in a fresh folder and loads it. */
function load(content: unknown, name = 'config.json'): ConfigResult & { path: string } {
  const file = join(dir(), name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return { ...loadConfig(file), path: file };
}

function failure(result: ConfigResult & { path: string }): string {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.config)}`);
  expect(result.file).toBe(result.path);
  expect(result.message).toContain(result.path);
  return result.message;
}

const reader = example.reader as Record<string, unknown>;
const printer = example.printer as Record<string, unknown>;

describe('the example file and the documentation', () => {
  it('the example loads, with the token read from the file next to it', () => {
    const r = loadConfig(exampleFile);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.officeCode).toBe('MN-0417');
    expect(r.config.reader?.path).toBe('COM3');
    expect(r.config.printer?.path).toBe('COM4');
    expect(r.config.registryToken).toBe(EXAMPLE_TOKEN);
    expect(EXAMPLE_TOKEN).toMatch(/^EXAMPLE-ONLY-/);
    expect(EXAMPLE_TOKEN).toHaveLength(64);
    // Neither the schema pointer nor the token file's name is a setting.
    expect(Object.keys(r.config)).not.toContain('$schema');
    expect(Object.keys(r.config)).not.toContain('registryTokenFile');
  });

  it('every key of the schema (nested device keys too) is documented and in the example', () => {
    const paths = schemaKeyPaths();
    expect(paths).toHaveLength(33);
    expect(Object.keys(configKeyDocs).sort()).toEqual([...paths].sort());
    for (const p of ['reader.idleMs', 'printer.font', 'reader.flowControl', 'printer.baudRate']) expect(paths).toContain(p);
    const value = (path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], example);
    // registryToken and registryTokenFile exclude each other: the example uses the file.
    const missing = paths.filter((p) => value(p) === undefined);
    expect(missing).toEqual(['registryToken']);
    const docs = readFileSync(docsFile, 'utf8');
    for (const p of paths) expect(docs, p).toContain(`| \`${p}\` |`);
    for (const p of paths) expect(configKeyDocs[p as keyof typeof configKeyDocs].description.length, p).toBeGreaterThan(20);
  });

  it('the committed JSON Schema is the one generated from configSchema, with a description on every key', () => {
    const committed = JSON.parse(readFileSync(schemaFile, 'utf8')) as unknown;
    expect(committed).toEqual(configJsonSchema());
    type Node = { description?: string; properties?: Record<string, Node>; additionalProperties?: boolean };
    const walk = (node: Node, at: string) => {
      expect(node.additionalProperties, at).toBe(false);
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        expect(child.description, `${at}${key}`).toMatch(/[а-яё]/i);
        if (child.properties) walk(child, `${at}${key}.`);
      }
    };
    walk(committed as Node, '');
    expect(example.$schema).toBe('./okno.config.schema.json');
  });

  it('the key table in docs/config.md is the generated one', () => {
    const current = readFileSync(docsFile, 'utf8');
    expect(current).toBe(docsText(current));
    expect(current).toMatch(/только для чтения/);
    expect(current).toMatch(/okno\.registry-token\.example.*фиктивный токен/s);
  });
});

/** [key path, bad value, fragment of the message after «ключ «path»»]. */
const badValues: [string, unknown, string][] = [
  ['$schema', 42, ': указано 42 — это число.'],
  ['officeCode', 'MN 01', ': значение "MN 01" не подходит. Ожидается: 2–16 латинских букв, цифр или дефисов'],
  ['officeCode', 'M', ': значение "M" не подходит'],
  ['officeCode', 417, ': указано 417 — это число.'],
  ['officeName', 'М', ': значение "М" не подходит: Укажите название службы. Ожидается: текст от 2 до 200 символов.'],
  ['officeName', 'x'.repeat(201), 'Название — не длиннее 200 символов. Ожидается: текст от 2 до 200 символов.'],
  ['workstationId', '', ': значение "" не подходит. Ожидается: 1–32 латинские буквы, цифры или дефисы'],
  ['workstationId', 'РМ-3', ': значение "РМ-3" не подходит.'],
  ['workstationId', 3, ': указано 3 — это число.'],
  ['idleLockMinutes', 0, ': значение 0 не подходит: Не меньше 1 минуты. Ожидается: целое число от 1 до 120.'],
  ['idleLockMinutes', 121, ': значение 121 не подходит: Не больше 120 минут.'],
  ['idleLockMinutes', 2.5, ': значение 2.5 не подходит: Целое число минут.'],
  ['idleLockMinutes', '10', ': указано "10" — это строка. Ожидается: целое число от 1 до 120.'],
  ['language', 'en', ': значение "en" не подходит. Ожидается: "ru" или "be".'],
  ['language', 'RU', ': значение "RU" не подходит.'],
  ['reader', 'COM3', ': указано "COM3" — это строка. Ожидается: объект со всеми ключами: path, baudRate'],
  ['printer', null, ': указано null — это null. Ожидается: объект со всеми ключами: path, baudRate'],
  [
    'registryUrl',
    'http://uid.example.by/api/',
    ': значение "http://uid.example.by/api/" не подходит: Адрес реестра должен начинаться с https://',
  ],
  ['registryUrl', 'uid.example.by', 'Адрес реестра — полный URL'],
  ['registryUrl', `https://uid.example.by/${'a'.repeat(500)}`, 'Адрес — не длиннее 500 символов.'],
  ['allowDeferredPhone', 'yes', ': указано "yes" — это строка. Ожидается: true или false (без кавычек).'],
  ['allowDeferredPhone', 1, ': указано 1 — это число.'],
  ['retentionDays', 0, ': значение 0 не подходит: Не меньше 1 дня. Ожидается: целое число от 1 до 3650.'],
  ['retentionDays', 3651, 'Не больше 3650 дней (10 лет).'],
  ['retentionDays', 30.5, 'Целое число дней.'],
  ['draftDays', 0, ': значение 0 не подходит: Не меньше 1 дня. Ожидается: целое число от 1 до 365.'],
  ['draftDays', 366, 'Не больше 365 дней.'],
  ['draftDays', '7', 'это строка'],
  ['registryToken', 'short', ': значение (5 симв., не показывается) не подходит: Токен — не короче 8 символов'],
  ['registryToken', 'has a space inside', ': значение (18 симв., не показывается) не подходит. Ожидается: от 8 до 4096'],
  ['registryToken', 12345678, ': указано 12345678 — это число.'],
  ['registryTokenFile', '', ': значение "" не подходит: Укажите путь к файлу.'],
  ['registryTokenFile', ['token.txt'], ': указано ["token.txt"] — это массив.'],
  ['updateUrl', 'http://updates.example.by/', 'Адрес обновлений — полный адрес, начинающийся с https://'],
  ['updateUrl', '', ': значение "" не подходит: Адрес обновлений'],
  ['backup', 'x', ': указано "x" — это строка. Ожидается: объект с ключами folder, keepDays, recoveryPublicKey'],
  ['backup.folder', '', ': значение "" не подходит: Укажите папку.'],
  ['backup.keepDays', 0, ': значение 0 не подходит'],
  ['backup.keepDays', 2.5, ': значение 2.5 не подходит'],
  ['backup.recoveryPublicKey', 'abc', ': значение "abc" не подходит. Ожидается: текст PEM'],
];

const serialBad: [string, unknown, string][] = [
  ['path', 'CO\u0000M3', ': значение "CO\\u0000M3" не подходит. Ожидается: имя порта до 200 символов'],
  ['path', 'x'.repeat(201), 'Путь к порту — не длиннее 200 символов.'],
  ['path', 3, ': указано 3 — это число.'],
  ['baudRate', 9601, ': значение 9601 не подходит. Ожидается: 1200, 2400, 4800, 9600, 19200, 38400, 57600 или 115200.'],
  ['baudRate', '9600', ': значение "9600" не подходит.'],
  ['dataBits', 9, ': значение 9 не подходит. Ожидается: 7 или 8.'],
  ['parity', 'NONE', ': значение "NONE" не подходит. Ожидается: "none", "even", "odd", "mark" или "space".'],
  ['stopBits', 1.5, ': значение 1.5 не подходит. Ожидается: 1 или 2.'],
  ['flowControl', 'hardware', ': значение "hardware" не подходит. Ожидается: "none", "rtscts" или "xonxoff".'],
];
for (const device of ['reader', 'printer'] as const)
  for (const [field, value, fragment] of serialBad) badValues.push([`${device}.${field}`, value, fragment]);
badValues.push(
  ['reader.idleMs', 10, ': значение 10 не подходит: Не меньше 50 мс. Ожидается: целое число от 50 до 2000.'],
  ['reader.idleMs', 5000, 'Не больше 2000 мс.'],
  ['reader.idleMs', 150.5, 'Целое число миллисекунд.'],
  ['printer.font', 'Arial.ttf', ': значение "Arial.ttf" не подходит. Ожидается: имя файла на принтере'],
  ['printer.font', 'E:TT0003M_.OTF', ': значение "E:TT0003M_.OTF" не подходит.'],
);

/** A good file with one key set to a bad value (nested keys inside an otherwise complete device). */
function withBad(path: string, value: unknown): Record<string, unknown> {
  const [top, field] = path.split('.') as [string, string | undefined];
  if (field === undefined) return { officeCode: 'MN-0417', [top]: value };
  if (top === 'backup') return { officeCode: 'MN-0417', backup: { folder: '/srv/okno-backup', [field]: value } };
  const device = top === 'reader' ? reader : printer;
  return { officeCode: 'MN-0417', [top]: { ...device, [field]: value } };
}

describe('bad values', () => {
  it('the table has a bad value for every key of the schema', () => {
    const covered = new Set(badValues.map(([p]) => p));
    expect(schemaKeyPaths().filter((p) => !covered.has(p))).toEqual([]);
  });

  it.each(badValues)('%s = %j is refused, naming the file and the key', (path, value, fragment) => {
    const r = load(withBad(path, value));
    const message = failure(r);
    expect(message).toContain(`Ошибка в файле конфигурации ${r.path}:\n`);
    const line = message.split('\n').find((l) => l.startsWith(`— ключ «${path}»`));
    expect(line, message).toContain(fragment.startsWith(':') ? `— ключ «${path}»${fragment}` : fragment);
    expect(message).toContain('\nИсправьте файл и перезапустите программу.');
    // One problem, one line: the other keys of the file are fine.
    expect(message.split('\n').filter((l) => l.startsWith('— '))).toHaveLength(1);
  });

  it('a token is never repeated in a message', () => {
    const message = failure(load({ registryToken: 'secret token 123' }));
    expect(message).not.toContain('secret');
  });

  it('a device missing keys names each one', () => {
    const message = failure(load({ reader: { path: 'COM3', baudRate: 9600 } }));
    for (const k of ['dataBits', 'parity', 'stopBits', 'flowControl', 'idleMs'])
      expect(message).toContain(`ключ «reader.${k}» не указан: в «reader» нужны все ключи.`);
    expect(message).not.toContain('reader.path');
  });

  it('unknown keys are named, with the likely one and the allowed ones', () => {
    const message = failure(load({ officeCod: 'MN-0417', colour: 'red', printer: { ...printer, idleMs: 200 } }));
    expect(message).toContain('ключ «officeCod» неизвестен. Возможно, имелся в виду «officeCode». Допустимые ключи: $schema, officeCode,');
    expect(message).toContain('ключ «colour» неизвестен. Допустимые ключи:');
    expect(message).toContain(
      'ключ «printer.idleMs» неизвестен. Допустимые ключи в «printer»: path, baudRate, dataBits, parity, stopBits, flowControl, font.',
    );
    expect(failure(load({ OfficeCode: 'x1' }))).toContain('Возможно, имелся в виду «officeCode»');
  });

  it('several problems are listed one per line', () => {
    const message = failure(load({ officeCode: 'MN-01', idleLockMinutes: 0, colour: 'red' }));
    expect(message.split('\n').filter((l) => l.startsWith('— '))).toEqual([
      '— ключ «idleLockMinutes»: значение 0 не подходит: Не меньше 1 минуты. Ожидается: целое число от 1 до 120.',
      expect.stringContaining('— ключ «colour» неизвестен.'),
    ]);
  });

  it('registryToken and registryTokenFile together are refused', () => {
    const message = failure(load({ registryToken: 'dev-token-123', registryTokenFile: 'token.txt' }));
    expect(message).toContain('ключ «registryTokenFile»: Заданы и registryToken, и registryTokenFile: оставьте один из них');
  });

  it('good values of every kind load as given', () => {
    const r = load({ ...example, registryTokenFile: undefined, registryToken: 'dev-token', $schema: undefined });
    expect(r.ok && r.config).toMatchObject({ officeCode: 'MN-0417', idleLockMinutes: 15, reader, printer, registryToken: 'dev-token' });
    const loopback = load({ registryUrl: 'http://127.0.0.1:8080/', officeCode: '  MN-01  ' });
    expect(loopback.ok && loopback.config).toEqual({ registryUrl: 'http://127.0.0.1:8080/', officeCode: 'MN-01' });
    expect(load({}).ok).toBe(true);
  });
});

describe('the file itself', () => {
  const located = (text: string, line: number, column: number, problem: string) => {
    const message = failure(load(text));
    expect(message).toContain(`— не корректный JSON: строка ${line}, столбец ${column}: ${problem}`);
  };

  it('a trailing comma', () => located('{\n  "officeCode": "MN-01",\n}\n', 3, 1, 'лишняя запятая перед закрывающей скобкой'));
  it('a missing comma', () =>
    located(
      '{\n  "officeCode": "MN-01"\n  "officeName": "Служба"\n}',
      3,
      3,
      'неожиданный символ «"»: после значения ключа "officeCode" ожидается запятая',
    ));
  it('a comment', () => located('{\n  // код службы\n  "officeCode": "MN-01"\n}', 2, 3, 'в JSON нет комментариев'));
  it('single quotes', () => located("{\n  'officeCode': 'MN-01'\n}", 2, 3, 'строки и ключи пишутся в двойных кавычках'));
  it('a key without quotes', () => located('{ officeCode: "MN-01" }', 1, 3, 'ключ пишется в двойных кавычках'));
  it('a text value without quotes', () => located('{"officeCode": MN-01}', 1, 16, 'значение-текст пишется в двойных кавычках'));
  it('a lone backslash in a Windows path', () =>
    located('{\n  "registryTokenFile": "C:\\ProgramData\\Okno\\token.txt"\n}', 2, 27, '«\\P» — не допустимая escape-последовательность'));
  it('a file cut short', () => located('{\n  "reader": {\n    "path": "COM3"\n', 4, 1, 'файл обрывается'));
  it('an unclosed string', () => located('{"officeCode": "MN-01\n}', 1, 16, 'строка не закрыта кавычкой'));
  it('something after the object', () =>
    located('{"officeCode": "MN-01"}\n}', 2, 1, 'неожиданный символ «}»: после объекта JSON ничего быть не должно'));
  it('lines and columns with CRLF line ends and a BOM', () =>
    located('\uFEFF{\r\n  "officeCode": "MN-01",\r\n}\r\n', 3, 1, 'лишняя запятая'));

  it('a BOM at the start is accepted', () => {
    const r = load('\uFEFF{ "officeCode": "MN-01" }');
    expect(r.ok && r.config).toEqual({ officeCode: 'MN-01' });
  });

  it('a key given twice is refused (JSON.parse would silently keep the last)', () => {
    const message = failure(load('{\n  "reader": {\n    "path": "COM3",\n    "path": "COM5"\n  }\n}'));
    expect(message).toContain('ключ «reader.path» указан дважды (второй раз — строка 4, столбец 5). Оставьте один.');
  });

  it('an empty file, a blank one', () => {
    expect(failure(load(''))).toContain('пуст. Ожидается объект JSON');
    expect(failure(load(' \n\t\n'))).toContain('пуст. Ожидается объект JSON');
    expect(failure(load('\uFEFF'))).toContain('пуст.');
  });

  it.each([
    ['[{"officeCode": "MN-01"}]', 'массив'],
    ['"MN-01"', 'строка'],
    ['42', 'число'],
    ['null', 'null'],
    ['true', 'true/false'],
  ])('%s is not an object', (text, what) => {
    expect(failure(load(text))).toContain(`ожидается объект JSON { "ключ": значение, … }, а в файле ${what}.`);
  });

  it('a missing file, a folder', () => {
    const missing = join(dir(), 'nope.json');
    const r = loadConfig(missing);
    expect(r).toMatchObject({ ok: false, file: missing, message: expect.stringContaining(`Файл конфигурации не найден: ${missing}`) });
    const folder = dir();
    expect(loadConfig(folder)).toMatchObject({ ok: false, message: expect.stringContaining(`${folder} — это папка`) });
  });

  it('no file: no config', () => expect(loadConfig(null)).toEqual({ ok: true, config: {}, file: null }));
});

describe('the token file', () => {
  it('a relative path is read from the config file’s folder, whatever the working directory', () => {
    const d = dir();
    mkdirSync(join(d, 'secrets'));
    writeFileSync(join(d, 'secrets', 'token'), '\uFEFFws-token-0123456789\r\n');
    writeFileSync(join(d, 'config.json'), JSON.stringify({ registryTokenFile: 'secrets/token' }));
    expect(process.cwd()).not.toBe(d);
    const r = loadConfig(join(d, 'config.json'));
    expect(r.ok && r.config).toEqual({ registryToken: 'ws-token-0123456789' });
  });

  it('an absolute path', () => {
    const token = join(dir(), 'token.txt');
    writeFileSync(token, 'ws-token-abs-0123\n');
    const r = load({ registryTokenFile: token });
    expect(r.ok && r.config.registryToken).toBe('ws-token-abs-0123');
  });

  it('missing', () => {
    const r = load({ registryTokenFile: 'token.txt' });
    const message = failure(r);
    const expectedPath = join(r.path, '..', 'token.txt');
    expect(message).toContain(`ключ «registryTokenFile»: файл токена ${expectedPath} не найден.`);
    expect(message).toContain('относительный путь отсчитывается от');
  });

  it('empty, or blank', () => {
    for (const content of ['', '  \n\n']) {
      const d = dir();
      writeFileSync(join(d, 'token.txt'), content);
      writeFileSync(join(d, 'config.json'), JSON.stringify({ registryTokenFile: 'token.txt' }));
      const r = loadConfig(join(d, 'config.json'));
      expect(r.ok ? '' : r.message).toContain(`ключ «registryTokenFile»: файл токена ${join(d, 'token.txt')} пуст.`);
    }
  });

  it('not a token: too short, with spaces, two lines; the token is never shown', () => {
    for (const [content, why] of [
      ['abc12', 'Токен — не короче 8 символов'],
      ['token with spaces', 'Токен — латинские буквы, цифры и знаки без пробелов.'],
      ['first-line-token\nsecond-line-token', 'без пробелов'],
    ]) {
      const d = dir();
      writeFileSync(join(d, 'token.txt'), content ?? '');
      writeFileSync(join(d, 'config.json'), JSON.stringify({ registryTokenFile: 'token.txt' }));
      const r = loadConfig(join(d, 'config.json'));
      const message = r.ok ? '' : r.message;
      expect(message).toContain(`ключ «registryTokenFile»: в файле токена ${join(d, 'token.txt')} не токен`);
      expect(message).toContain(why ?? '');
      expect(message).not.toContain(content ?? '');
    }
  });

  it('a folder', () => {
    const d = dir();
    mkdirSync(join(d, 'token'));
    writeFileSync(join(d, 'config.json'), JSON.stringify({ registryTokenFile: 'token' }));
    const r = loadConfig(join(d, 'config.json'));
    expect(r.ok ? '' : r.message).toContain(`${join(d, 'token')} — это папка, а не файл токена.`);
  });
});

describe('the app started with the example config', () => {
  let env: InProcess;
  let admin: HttpClient;
  let clerk: HttpClient;
  beforeAll(async () => {
    env = await startInProcess({ configFile: exampleFile, devices: { backoff: { initialMs: 20, maxMs: 200 } } });
    ({ admin, clerk } = await seedRoles(env));
  });
  afterAll(async () => env.close());

  it('app.info has the office and workstation from the file', async () => {
    const c = await env.client();
    const info = await c.call<AppInfo>('app.info');
    expect(info).toMatchObject({
      ok: true,
      value: { officeCode: 'MN-0417', officeName: example.officeName, workstationId: '3', language: 'ru' },
    });
  });

  it('settings.get shows the file’s values, every one read-only; the token as provisioned by IT', async () => {
    const s = await admin.call<{ values: Record<string, unknown>; readonly: string[]; registryToken: string }>('settings.get');
    if (!s.ok) throw new Error(JSON.stringify(s));
    const fileKeys = settingKeys.filter((k) => k in example);
    expect(fileKeys).toEqual(settingKeys);
    expect([...s.value.readonly].sort()).toEqual([...settingKeys].sort());
    for (const k of settingKeys) expect(s.value.values[k], k).toEqual(example[k]);
    expect(s.value.registryToken).toBe('config');
    const session = await clerk.call<{ session: { idleLockMinutes: number } }>('auth.session');
    expect(session.ok && session.value.session.idleLockMinutes).toBe(15);
  });

  it('an admin cannot change a key from the file, nor the token', async () => {
    const refused = await admin.call('settings.update', { officeCode: 'XX-1', retentionDays: 10 });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'config_readonly',
        message: 'Этот параметр задан в файле конфигурации отделом ИТ и не меняется здесь.',
        fields: { officeCode: expect.stringContaining('файле конфигурации'), retentionDays: expect.stringContaining('файле конфигурации') },
      },
    });
    const device = await admin.call('settings.update', { printer: { ...printer, path: 'COM9' } });
    expect(device).toMatchObject({
      ok: false,
      error: { code: 'config_readonly', fields: { printer: expect.stringContaining('файле конфигурации') } },
    });
    const token = await admin.call('registry.setToken', { token: 'another-token-123' });
    expect(token).toMatchObject({ ok: false, error: { code: 'config_readonly' } });
    const after = await admin.call<{ values: { officeCode: string; printer: { path: string } } }>('settings.get');
    expect(after.ok && [after.value.values.officeCode, after.value.values.printer.path]).toEqual(['MN-0417', 'COM4']);
  });

  it('COM3 and COM4 do not exist here: the app runs and reports both devices as not connected', async () => {
    let status: DevicesStatus | null = null;
    for (let i = 0; i < 100; i++) {
      const r = await clerk.call<DevicesStatus>('devices.status');
      if (r.ok) status = r.value;
      if (status && status.reader.status.state !== 'connecting' && status.printer.status.state !== 'connecting') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status?.reader).toMatchObject({ path: 'COM3', status: { state: 'disconnected', message: expect.stringContaining('COM3') } });
    expect(status?.printer).toMatchObject({ path: 'COM4', status: { state: 'disconnected', message: expect.stringContaining('COM4') } });
  });
});

describe.skipIf(!existsSync(harnessEntry))('the built harness (out/main/web.js)', () => {
  it('npm run web -- --config build/okno.config.example.json starts with the example’s settings', async () => {
    const h = await startHarness({ args: ['--config', 'build/okno.config.example.json'] });
    try {
      const c = await new HttpClient(h.url).connect();
      const info = await c.call<AppInfo>('app.info');
      expect(info).toMatchObject({ ok: true, value: { officeCode: 'MN-0417', workstationId: '3', officeName: example.officeName } });
    } finally {
      expect(await h.stop()).toBe(0);
      removeDir(h.dataDir);
    }
  });

  it('a bad config stops it with exit code 1 and the file and the key on stderr', async () => {
    const d = dir();
    const file = join(d, 'config.json');
    writeFileSync(file, JSON.stringify({ officeCode: 'MN-0417', printer: { ...printer, baudRate: 9601 } }));
    const child = spawn(process.execPath, [harnessEntry, '--config', file, '--data-dir', join(d, 'data'), '--port', '0'], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stdout).not.toContain('listening');
    expect(stderr).toContain(`Окно не запущено: Ошибка в файле конфигурации ${file}:`);
    expect(stderr).toContain('ключ «printer.baudRate»: значение 9601 не подходит.');
  });
});
