/**
 * Writes the documentation of the provisioning config from the zod schema in main/config-schema.ts:
 * build/okno.config.schema.json (JSON Schema, for editors) and the key table in docs/config.md
 * (between its markers), with examples from build/okno.config.example.json.
 *
 *   npx tsx build/scripts/config-schema.ts          write both
 *   npx tsx build/scripts/config-schema.ts --check  exit 1 when either differs from what it would write
 *
 * test/integration/config.test.ts checks the same, so neither can drift from the schema.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'prettier';
import { configJsonSchema, configKeyDocs, type ConfigKeyPath } from '../../main/config-schema';
import { defaultSettings } from '../../main/services/settings';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const schemaFile = join(root, 'build', 'okno.config.schema.json');
export const exampleFile = join(root, 'build', 'okno.config.example.json');
export const docsFile = join(root, 'docs', 'config.md');

export const TABLE_START = '<!-- Таблица ключей: создаётся build/scripts/config-schema.ts из main/config.ts, не правьте вручную. -->';
export const TABLE_END = '<!-- Конец таблицы ключей. -->';

/** The JSON Schema file's text, formatted as `npm run lint` wants it. */
export async function schemaText(): Promise<string> {
  const options = JSON.parse(readFileSync(join(root, 'build', 'prettier.config.json'), 'utf8')) as Record<string, unknown>;
  return format(JSON.stringify(configJsonSchema(), null, 2), { ...options, parser: 'json' });
}

interface JsonSchemaNode {
  type?: string;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
}

/** Every key path of the schema (`reader.baudRate` for nested ones), in the schema's order. */
export function schemaKeyPaths(schema = configJsonSchema() as JsonSchemaNode, prefix = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, node]) => [
    prefix + key,
    ...(node.type === 'object' ? schemaKeyPaths(node, `${prefix}${key}.`) : []),
  ]);
}

function nodeAt(schema: JsonSchemaNode, path: string): JsonSchemaNode {
  let node = schema;
  for (const part of path.split('.')) node = node.properties?.[part] ?? {};
  return node;
}

function valueAt(json: unknown, path: string): unknown {
  let value = json;
  for (const part of path.split('.'))
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

const TYPES: Record<string, string> = {
  string: 'строка',
  integer: 'целое число',
  number: 'число',
  boolean: 'true / false',
  object: 'объект',
};
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (value: unknown) => `\`${JSON.stringify(value)}\``;

/** What the app uses when the file has no such key. */
function whenAbsent(path: ConfigKeyPath): string {
  switch (path) {
    case '$schema':
      return '—';
    case 'registryToken':
      return 'вводит администратор в «Настройках» (хранится зашифрованным)';
    case 'registryTokenFile':
      return 'см. registryToken';
    case 'updateUrl':
      return 'программа не обновляется сама';
    case 'reader':
    case 'printer':
      return 'задаёт администратор на экране «Устройства»';
    case 'backup':
    case 'backup.folder':
      return 'резервные копии не делаются (проверка рабочего места сообщает об этом)';
    case 'backup.keepDays':
      return '`14`';
    case 'backup.recoveryPublicKey':
      return 'копии не делаются';
    default: {
      const value = valueAt(defaultSettings, path);
      const screen = path.includes('.') ? 'на экране «Устройства»' : 'в «Настройках»';
      return `задаёт администратор ${screen}; исходно ${code(value)}`;
    }
  }
}

/** The markdown table of every key (the generated part of docs/config.md). */
export function docsTable(): string {
  const schema = configJsonSchema() as JsonSchemaNode;
  const example: unknown = JSON.parse(readFileSync(exampleFile, 'utf8'));
  const rows = schemaKeyPaths(schema).map((path) => {
    const key = path as ConfigKeyPath;
    const node = nodeAt(schema, path);
    const type = node.enum && node.type !== 'string' ? 'число из списка' : node.enum ? 'строка из списка' : (TYPES[node.type ?? ''] ?? '');
    const exampleValue = valueAt(example, path);
    const shown =
      exampleValue === undefined
        ? '— (в образце — registryTokenFile)'
        : typeof exampleValue === 'object'
          ? 'см. вложенные ключи'
          : code(exampleValue);
    return `| \`${path}\` | ${type} | ${cell(whenAbsent(key))} | ${cell(configKeyDocs[key].expected)} | ${cell(shown)} | ${cell(node.description ?? '')} |`;
  });
  return ['| Ключ | Тип | Если ключа нет | Допустимые значения | Пример | Что задаёт |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** docs/config.md with its table replaced by the generated one. */
export function docsText(current = readFileSync(docsFile, 'utf8')): string {
  const start = current.indexOf(TABLE_START);
  const end = current.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${docsFile}: no table markers`);
  return `${current.slice(0, start + TABLE_START.length)}\n\n${docsTable()}\n\n${current.slice(end)}`;
}

async function main() {
  const check = process.argv.includes('--check');
  const wanted: [string, string][] = [
    [schemaFile, await schemaText()],
    [docsFile, docsText()],
  ];
  let stale = 0;
  for (const [file, text] of wanted) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      stale++;
      process.stderr.write(`${file} differs from main/config.ts: run npx tsx build/scripts/config-schema.ts\n`);
    } else {
      writeFileSync(file, text);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  if (stale > 0) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
