/**
 * The provisioning config file that IT writes (read-only for the app). A bad file stops the
 * app with a message that names the file, the key and what is wrong — never a silent default.
 */
import { readFileSync } from 'node:fs';
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
  })
  .partial()
  .strict();

export type ProvisioningConfig = z.infer<typeof configSchema>;

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
  return { ok: true, config: parsed.data, file };
}
