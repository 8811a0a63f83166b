/**
 * The provisioning config file that IT writes (read-only for the app). A bad file stops the
 * app with a message that names the file, the key, what is wrong and what is expected — never a
 * silent default. The keys and their schema are in main/config-schema.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { setTokenInput } from '../preload/contract';
import { configKeyDocs, configSchema, type ConfigKeyPath, type ProvisioningConfig } from './config-schema';

export {
  configJsonSchema,
  configKeyDocs,
  configSchema,
  type ConfigKeyDoc,
  type ConfigKeyPath,
  type ProvisioningConfig,
} from './config-schema';
export type ConfigResult = { ok: true; config: ProvisioningConfig; file: string | null } | { ok: false; file: string; message: string };

const FIX = 'Исправьте файл и перезапустите программу. Образец со всеми ключами — okno.config.example.json.';

export function loadConfig(file: string | null): ConfigResult {
  if (!file) return { ok: true, config: {}, file: null };
  const fail = (message: string): ConfigResult => ({ ok: false, file, message });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return fail(`Файл конфигурации не найден: ${file}. Проверьте путь или создайте файл по образцу okno.config.example.json.`);
    if (code === 'EISDIR') return fail(`Файл конфигурации ${file} — это папка, а ожидается файл JSON.`);
    return fail(
      `Файл конфигурации ${file} не читается (${code ?? 'ошибка'}). Проверьте права доступа: программа читает его от имени пользователя.`,
    );
  }
  // Notepad and other Windows editors write a byte order mark; it is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '')
    return fail(`Файл конфигурации ${file} пуст. Ожидается объект JSON, например { "officeCode": "MN-0123" }. ${FIX}`);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const found = scanJson(text);
    const at = found?.kind === 'syntax' ? found : { offset: jsonErrorOffset(error, text), problem: 'неверный синтаксис JSON' };
    const { line, column } = lineColumn(text, at.offset);
    return fail(`Файл конфигурации ${file} — не корректный JSON: строка ${line}, столбец ${column}: ${at.problem}. ${FIX}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail(`Файл конфигурации ${file}: ожидается объект JSON { "ключ": значение, … }, а в файле ${jsonTypeName(json)}. ${FIX}`);
  const duplicate = scanJson(text);
  if (duplicate?.kind === 'duplicate') {
    const { line, column } = lineColumn(text, duplicate.offset);
    return fail(
      `Ошибка в файле конфигурации ${file}: ключ «${duplicate.path}» указан дважды (второй раз — строка ${line}, столбец ${column}). Оставьте один. ${FIX}`,
    );
  }

  const parsed = configSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `— ${describeIssue(issue, json)}`);
    return fail(`Ошибка в файле конфигурации ${file}:\n${lines.join('\n')}\n${FIX}`);
  }
  const { registryTokenFile, $schema: _schema, ...config } = parsed.data;
  if (registryTokenFile === undefined) return { ok: true, config, file };
  const token = readTokenFile(resolve(dirname(file), registryTokenFile), dirname(file));
  if (!token.ok) return fail(`Ошибка в файле конфигурации ${file}:\n— ключ «registryTokenFile»: ${token.message}\n${FIX}`);
  return { ok: true, config: { ...config, registryToken: token.token }, file };
}

function readTokenFile(path: string, configDir: string): { ok: true; token: string } | { ok: false; message: string } {
  const expected = `Ожидается: путь к файлу, в котором одна строка — токен рабочего места (относительный путь отсчитывается от ${configDir}).`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, message: `файл токена ${path} не найден. ${expected}` };
    if (code === 'EISDIR') return { ok: false, message: `${path} — это папка, а не файл токена. ${expected}` };
    if (code === 'EACCES' || code === 'EPERM')
      return { ok: false, message: `нет прав на чтение файла токена ${path} (${code}). Дайте программе право читать его.` };
    return { ok: false, message: `файл токена ${path} не читается (${code ?? 'ошибка'}). ${expected}` };
  }
  const token = text.replace(/^\uFEFF/, '').trim();
  if (token === '')
    return { ok: false, message: `файл токена ${path} пуст. Ожидается: токен рабочего места, ${configKeyDocs.registryToken.expected}.` };
  const checked = setTokenInput.shape.token.safeParse(token);
  if (!checked.success) {
    // Never the token itself: the message goes to the screen and the log.
    const why = checked.error.issues[0]?.message ?? 'не токен';
    return {
      ok: false,
      message: `в файле токена ${path} не токен (${token.length} симв.): ${why} Ожидается: ${configKeyDocs.registryToken.expected}, одной строкой.`,
    };
  }
  return { ok: true, token: checked.data };
}

// ---------------------------------------------------------------- messages about values

const SECRET_KEYS = new Set(['registryToken']);

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const where = path.join('.');
    const allowed = allowedKeys(where);
    return issue.keys
      .map((key) => {
        const full = where ? `${where}.${key}` : key;
        const near = closest(key, allowed);
        const hint = near ? ` Возможно, имелся в виду «${where ? `${where}.${near}` : near}».` : '';
        return `ключ «${full}» неизвестен.${hint} Допустимые ключи${where ? ` в «${where}»` : ''}: ${allowed.join(', ')}.`;
      })
      .join('\n— ');
  }
  const key = path.join('.');
  const docEntry = key in configKeyDocs ? configKeyDocs[key as ConfigKeyPath] : undefined;
  const expected = docEntry ? ` Ожидается: ${docEntry.expected}.` : '';
  if (issue.code === 'custom' && issue.params?.both === true) return `ключ «${key}»: ${issue.message}`;
  const at = valueAt(json, path);
  if (!at.present) return `ключ «${key}» не указан: в «${path.slice(0, -1).join('.')}» нужны все ключи.${expected}`;
  // A secret is never repeated in a message: it goes to the screen and the log.
  const shown = SECRET_KEYS.has(key) && typeof at.value === 'string' ? `(${at.value.length} симв., не показывается)` : show(at.value);
  // A fraction where a whole number is wanted is the right type with the wrong value.
  const fraction = issue.code === 'invalid_type' && issue.expected === 'int' && typeof at.value === 'number';
  switch (fraction ? 'fraction' : issue.code) {
    case 'invalid_type':
      return `ключ «${key}»: указано ${shown} — это ${jsonTypeName(at.value)}.${expected}`;
    case 'invalid_value':
    case 'invalid_format':
      return `ключ «${key}»: значение ${shown} не подходит.${expected}`;
    default:
      return `ключ «${key}»: значение ${shown} не подходит: ${issue.message}${/[.!]$/.test(issue.message) ? '' : '.'}${expected}`;
  }
}

function allowedKeys(where: string): string[] {
  const prefix = where ? `${where}.` : '';
  return Object.keys(configKeyDocs)
    .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('.'))
    .map((k) => k.slice(prefix.length));
}

/** A known key that differs from the typed one by case or by up to two letters. */
function closest(key: string, known: string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(k, key);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] ?? 0;
}

function valueAt(json: unknown, path: string[]): { present: boolean; value?: unknown } {
  let value = json;
  for (const part of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return { present: false };
    value = (value as Record<string, unknown>)[part];
  }
  return { present: true, value };
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'массив';
  switch (typeof value) {
    case 'string':
      return 'строка';
    case 'number':
      return 'число';
    case 'boolean':
      return 'true/false';
    case 'object':
      return 'объект';
    default:
      return typeof value;
  }
}

// ---------------------------------------------------------------- JSON syntax, located

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

/** Where JSON.parse stopped, from its message ("… at position N"); the end of the text otherwise. */
function jsonErrorOffset(error: unknown, text: string): number {
  const m = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  return m?.[1] ? Number(m[1]) : text.length;
}

type ScanFinding = { kind: 'syntax'; offset: number; problem: string } | { kind: 'duplicate'; offset: number; path: string };

class Stop extends Error {
  constructor(readonly finding: ScanFinding) {
    super(finding.kind);
  }
}

/**
 * A strict JSON reader that only looks for the first problem, to say where it is and what it is
 * in words IT can act on (a trailing comma, single quotes, a lone backslash in a Windows path,
 * a comment), and a key given twice in one object (JSON.parse silently keeps the last).
 */
function scanJson(text: string): ScanFinding | null {
  let i = 0;
  const syntax = (offset: number, problem: string): never => {
    throw new Stop({ kind: 'syntax', offset, problem });
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
  };
  const unexpected = (what: string): never => {
    if (i >= text.length) syntax(i, `файл обрывается: ${what} (не хватает закрывающей «}», «]» или кавычки)`);
    const c = text[i] ?? '';
    if (c === '/') syntax(i, 'в JSON нет комментариев: уберите «//» или «/* */»');
    if (c === "'") syntax(i, 'строки и ключи пишутся в двойных кавычках "…", а не в одинарных');
    return syntax(i, `неожиданный символ «${c}»: ${what}`);
  };
  const string = (): string => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) syntax(start, 'строка не закрыта кавычкой «"»');
      const c = text[i] ?? '';
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\n' || c === '\r') syntax(start, 'строка не закрыта кавычкой «"» до конца строки');
      if (c < ' ') syntax(i, 'управляющий символ внутри строки');
      if (c === '\\') {
        const e = text[i + 1] ?? '';
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) syntax(i, 'после «\\u» нужны 4 шестнадцатеричные цифры');
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e) || e === '')
          syntax(
            i,
            `«\\${e}» — не допустимая escape-последовательность; обратная косая черта в пути пишется двойной: "C:\\\\ProgramData\\\\Okno"`,
          );
        out += e;
        i += 2;
        continue;
      }
      out += c;
      i++;
    }
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === '{') return object(path);
    if (c === '[') return array(path);
    if (c === '"') return void string();
    const number = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (number && number[0] !== '-') {
      i += number[0].length;
      return;
    }
    for (const word of ['true', 'false', 'null'])
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    if (c !== undefined && /[A-Za-zА-Яа-яЁё]/.test(c))
      syntax(i, 'значение-текст пишется в двойных кавычках "…"; без кавычек — только числа, true, false и null');
    unexpected('ожидается значение');
  };
  const object = (path: string): void => {
    i++;
    const seen = new Set<string>();
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') {
        if (text[i] === '}' || text[i] === ']') syntax(i, 'лишняя запятая перед закрывающей скобкой');
        if (/[A-Za-z_$]/.test(text[i] ?? '')) syntax(i, 'ключ пишется в двойных кавычках: "ключ": значение');
        unexpected('ожидается ключ в двойных кавычках');
      }
      const keyAt = i;
      const key = string();
      const full = path ? `${path}.${key}` : key;
      if (seen.has(key)) throw new Stop({ kind: 'duplicate', offset: keyAt, path: full });
      seen.add(key);
      ws();
      if (text[i] !== ':') unexpected(`после ключа "${key}" ожидается двоеточие «:»`);
      i++;
      value(full);
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      unexpected(`после значения ключа "${key}" ожидается запятая «,» или «}» (может быть, пропущена запятая в конце строки)`);
    }
  };
  const array = (path: string): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let n = 0; ; n++) {
      ws();
      if (text[i] === ']') syntax(i, 'лишняя запятая перед «]»');
      value(`${path}[${n}]`);
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      unexpected('в списке ожидается запятая «,» или «]»');
    }
  };
  try {
    value('');
    ws();
    if (i < text.length) unexpected('после объекта JSON ничего быть не должно');
    return null;
  } catch (error) {
    if (error instanceof Stop) return error.finding;
    throw error;
  }
}
