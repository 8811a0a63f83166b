/**
 * The provisioning config file that IT writes (read-only for the app). A bad file stops the
 * app with a message that names the file, the key and what is wrong — never a silent default.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { schemas } from '../preload/contract';

export const configSchema = z
  .object({
    officeCode: schemas.settingsSchema.shape.officeCode,
    officeName: schemas.settingsSchema.shape.officeName,
    workstationId: schemas.settingsSchema.shape.workstationId,
    idleLockMinutes: schemas.settingsSchema.shape.idleLockMinutes,
    language: schemas.languageSchema,
    // IT may pin the devices of a workstation; then the «Устройства» screen shows them read-only.
    reader: schemas.settingsSchema.shape.reader,
    printer: schemas.settingsSchema.shape.printer,
    registryUrl: schemas.settingsSchema.shape.registryUrl,
    allowDeferredPhone: schemas.settingsSchema.shape.allowDeferredPhone,
    retentionDays: schemas.settingsSchema.shape.retentionDays,
    /** The workstation's bearer token for the registry, issued by IT with the office code and workstation id. */
    registryToken: z.string().trim().min(8).max(4096),
    /** Or a file holding it (relative paths from the config file's folder): the token can then be readable by fewer people. */
    registryTokenFile: z.string().trim().min(1).max(1000),
    /** The internal update server (electron-updater's generic provider); absent: no updates. */
    updateUrl: z
      .string()
      .trim()
      .max(500)
      .refine((v) => schemas.registryUrlProblem(v) === null, { error: 'Адрес обновлений должен начинаться с https://.' }),
  })
  .partial()
  .strict()
  .refine((v) => v.registryToken === undefined || v.registryTokenFile === undefined, {
    path: ['registryTokenFile'],
    error: 'Укажите либо registryToken, либо registryTokenFile, но не оба.',
  });

/** The file's keys, with a token file already read into `registryToken`. */
export type ProvisioningConfig = Omit<z.infer<typeof configSchema>, 'registryTokenFile'>;

export type ConfigResult = { ok: true; config: ProvisioningConfig; file: string | null } | { ok: false; file: string; message: string };

export function loadConfig(file: string | null): ConfigResult {
  if (!file) return { ok: true, config: {}, file: null };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return {
        ok: false,
        file,
        message: `Файл конфигурации не найден: ${file}. Проверьте путь или создайте файл по образцу build/okno.config.example.json.`,
      };
    return { ok: false, file, message: `Файл конфигурации не читается: ${file} (${code ?? 'ошибка'}). Проверьте права доступа.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, file, message: `Файл конфигурации ${file} — не корректный JSON: ${(error as Error).message}. Исправьте файл.` };
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      if (i.code === 'unrecognized_keys') return `неизвестные ключи: ${i.keys.join(', ')}`;
      return `ключ «${i.path.map(String).join('.') || '(корень)'}»: ${i.message}`;
    });
    return {
      ok: false,
      file,
      message: `Ошибка в файле конфигурации ${file}: ${lines.join('; ')}. Исправьте файл и перезапустите программу.`,
    };
  }
  const { registryTokenFile, ...config } = parsed.data;
  if (registryTokenFile === undefined) return { ok: true, config, file };
  const tokenPath = resolve(dirname(file), registryTokenFile);
  let token: string;
  try {
    token = readFileSync(tokenPath, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      file,
      message: `Ошибка в файле конфигурации ${file}: ключ «registryTokenFile»: файл токена ${tokenPath} не читается (${code ?? 'ошибка'}). Проверьте путь и права доступа.`,
    };
  }
  const checked = configSchema.safeParse({ registryToken: token });
  if (!checked.success)
    return {
      ok: false,
      file,
      message: `Ошибка в файле конфигурации ${file}: ключ «registryTokenFile»: в файле ${tokenPath} нет токена (от 8 до 4096 символов). Исправьте файл.`,
    };
  return { ok: true, config: { ...config, registryToken: token }, file };
}
