/**
 * The provisioning config file's keys: what each means (in Russian, for IT) and the zod schema
 * built from them. The descriptions are the documentation: build/okno.config.schema.json and
 * docs/config.md are generated from them (build/scripts/config-schema.ts). Reading a file and
 * reporting its mistakes is main/config.ts.
 */
import { z } from 'zod';
import {
  baudRates,
  flowControls,
  parities,
  printerSettingsSchema,
  readerSettingsSchema,
  schemas,
  setTokenInput,
  type PrinterSettings,
  type ReaderSettings,
} from '../preload/contract';
type TopKey =
  | '$schema'
  | 'officeCode'
  | 'officeName'
  | 'workstationId'
  | 'idleLockMinutes'
  | 'language'
  | 'reader'
  | 'printer'
  | 'registryUrl'
  | 'allowDeferredPhone'
  | 'retentionDays'
  | 'draftDays'
  | 'registryToken'
  | 'registryTokenFile'
  | 'updateUrl'
  | 'backup';

/** The backup keys (issue 17): where IT's folder is, how long copies are kept, whose key opens them. */
export const BACKUP_KEEP_DAYS_DEFAULT = 14;
type BackupKey = 'folder' | 'keepDays' | 'recoveryPublicKey';

/** Every key of the file, nested device keys as `reader.baudRate`. */
export type ConfigKeyPath = TopKey | `reader.${keyof ReaderSettings}` | `printer.${keyof PrinterSettings}` | `backup.${BackupKey}`;

export interface ConfigKeyDoc {
  /** What the key does (the JSON Schema's `description`, the editor's hover text). */
  description: string;
  /** What a good value looks like: said in every error message about the key, and in docs/config.md. */
  expected: string;
}

const quoted = (values: readonly (string | number)[]) => values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));
const oneOf = (values: readonly (string | number)[]) => {
  const list = quoted(values);
  return list.length <= 2 ? list.join(' или ') : `${list.slice(0, -1).join(', ')} или ${list.at(-1) ?? ''}`;
};

function serialDocs(device: 'reader' | 'printer') {
  const what = device === 'reader' ? 'считывателя документов' : 'принтера этикеток';
  return {
    [`${device}.path`]: {
      description: `Порт ${what}: COM3 в Windows, /dev/ttyUSB0 или /dev/ttyS0 в Linux; пустая строка — на этом рабочем месте устройства нет.`,
      expected: 'имя порта до 200 символов без управляющих символов (COM3, /dev/ttyUSB0) или "" — устройства нет',
    },
    [`${device}.baudRate`]: {
      description: `Скорость порта ${what}, бод; как в настройках самого устройства (обычно 9600).`,
      expected: oneOf(baudRates),
    },
    [`${device}.dataBits`]: { description: `Биты данных порта ${what} (обычно 8).`, expected: oneOf([7, 8]) },
    [`${device}.parity`]: {
      description: `Чётность порта ${what}: none — нет, even — чёт, odd — нечёт, mark, space (обычно none).`,
      expected: oneOf(parities),
    },
    [`${device}.stopBits`]: { description: `Стоповые биты порта ${what} (обычно 1).`, expected: oneOf([1, 2]) },
    [`${device}.flowControl`]: {
      description: `Управление потоком порта ${what}: none — нет, rtscts — аппаратное (RTS/CTS), xonxoff — программное (XON/XOFF).`,
      expected: oneOf(flowControls),
    },
  } as Record<`${typeof device}.${keyof ReaderSettings & keyof PrinterSettings}`, ConfigKeyDoc>;
}

/** The documentation of every key, in the order of docs/config.md. */
export const configKeyDocs: Record<ConfigKeyPath, ConfigKeyDoc> = {
  $schema: {
    description:
      'Путь к JSON Schema этого файла (./okno.config.schema.json): по нему редактор подсказывает ключи и проверяет значения. Программа его не читает.',
    expected: 'строка до 1000 символов, например "./okno.config.schema.json"',
  },
  officeCode: {
    description:
      'Код службы «одно окно», выданный вместе с токеном рабочего места: передаётся в реестр с каждым заявлением, журнальные номера ведутся отдельно для каждого кода.',
    expected: '2–16 латинских букв, цифр или дефисов, например "MN-0123"',
  },
  officeName: {
    description: 'Название службы «одно окно» — так оно печатается в заявлениях и извещениях.',
    expected: 'текст от 2 до 200 символов',
  },
  workstationId: {
    description: 'Номер рабочего места в службе, выданный вместе с токеном; передаётся в реестр с каждым заявлением.',
    expected: '1–32 латинские буквы, цифры или дефисы, например "3"',
  },
  idleLockMinutes: {
    description: 'Через сколько минут без действий сеанс сотрудника блокируется (разблокировка — паролем).',
    expected: 'целое число от 1 до 120',
  },
  language: {
    description: 'Язык интерфейса: ru — русский, be — белорусский.',
    expected: oneOf(['ru', 'be']),
  },
  reader: {
    description:
      'Считыватель документов (MRZ) на последовательном порту. Если ключ задан, экран «Устройства» показывает считыватель только для чтения.',
    expected: 'объект со всеми ключами: path, baudRate, dataBits, parity, stopBits, flowControl, idleMs',
  },
  ...serialDocs('reader'),
  'reader.idleMs': {
    description: 'Пауза, после которой сообщение считывателя без признака конца считается законченным, мс (обычно 150–300).',
    expected: 'целое число от 50 до 2000',
  },
  printer: {
    description:
      'Принтер этикеток (Zebra, ZPL II) на последовательном порту. Если ключ задан, экран «Устройства» показывает принтер только для чтения.',
    expected: 'объект со всеми ключами: path, baudRate, dataBits, parity, stopBits, flowControl, font',
  },
  ...serialDocs('printer'),
  'printer.font': {
    description: 'Шрифт с кириллицей, загруженный в принтер, которым печатаются этикетки.',
    expected: 'имя файла на принтере: буква диска, двоеточие, имя, .TTF или .FNT, например "E:TT0003M_.TTF"',
  },
  registryUrl: {
    description:
      'Адрес API центрального реестра. Персональные данные передаются только по https; http допускается лишь для 127.0.0.1 и localhost (проверка, учебный режим). Пустая строка — реестр не задан, заявления копятся в очереди.',
    expected: 'полный адрес https://…, до 500 символов, или ""',
  },
  allowDeferredPhone: {
    description:
      'Без связи с реестром можно принять заявление (выдача, смена телефона) с номером, который реестр подтвердит позже; false — только с кодом из SMS, то есть при наличии связи.',
    expected: 'true или false (без кавычек)',
  },
  retentionDays: {
    description:
      'Через сколько дней после решения по заявлению (или его отмены) из базы удаляются персональные данные; в журнале остаются обезличенные сведения.',
    expected: 'целое число от 1 до 3650',
  },
  draftDays: {
    description:
      'Через сколько дней без изменений черновик заявления или заявление, ожидающее подписи гражданина, отменяется автоматически (в журнале — отмена системой с причиной); дальше его персональные данные удаляются, как у отменённого, по истечении срока хранения (retentionDays).',
    expected: 'целое число от 1 до 365',
  },
  registryToken: {
    description:
      'Токен рабочего места для центрального реестра (Bearer), выдаётся вместе с кодом службы и номером рабочего места. Лучше хранить его в отдельном файле (registryTokenFile) с правами только для программы.',
    expected: 'от 8 до 4096 латинских букв, цифр и знаков без пробелов',
  },
  registryTokenFile: {
    description:
      'Файл с токеном рабочего места (вместо registryToken): первая и единственная строка — токен. Относительный путь отсчитывается от папки файла конфигурации.',
    expected: 'путь к существующему файлу с токеном (не вместе с registryToken)',
  },
  updateUrl: {
    description:
      'Адрес внутреннего сервера обновлений программы (папка с latest.yml и установщиками): обновление скачивается в фоне и ставится при закрытии программы. Так обновляются установки NSIS (Windows) и AppImage; MSI и .deb обновляет отдел ИТ. Нет ключа — программа не обновляется сама.',
    expected: 'полный адрес https://…, до 500 символов',
  },
  backup: {
    description:
      'Резервные копии рабочего места в папку отдела ИТ: база данных и ключ данных, зашифрованный открытым ключом восстановления ИТ. Нет ключа — копии не делаются, и проверка рабочего места сообщает об этом.',
    expected: 'объект с ключами folder, keepDays, recoveryPublicKey',
  },
  'backup.folder': {
    description: 'Папка для резервных копий: локальная или сетевая (\\\\server\\share\\okno). Программа должна иметь право записи в неё.',
    expected: 'путь к папке, до 1000 символов',
  },
  'backup.keepDays': {
    description: `Сколько дней хранятся резервные копии; старые удаляются (исходно ${BACKUP_KEEP_DAYS_DEFAULT}).`,
    expected: 'целое число от 1 до 365',
  },
  'backup.recoveryPublicKey': {
    description:
      'Открытый ключ восстановления отдела ИТ (PEM): только его закрытая пара открывает копии. Как его сделать — docs/IT-GUIDE.md.',
    expected: 'текст PEM: -----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----',
  },
};

const doc = (path: ConfigKeyPath) => ({ description: configKeyDocs[path].description });

const line = readerSettingsSchema.shape;
const serialFields = (device: 'reader' | 'printer') => ({
  path: line.path.meta(doc(`${device}.path`)),
  baudRate: line.baudRate.meta(doc(`${device}.baudRate`)),
  dataBits: line.dataBits.meta(doc(`${device}.dataBits`)),
  parity: line.parity.meta(doc(`${device}.parity`)),
  stopBits: line.stopBits.meta(doc(`${device}.stopBits`)),
  flowControl: line.flowControl.meta(doc(`${device}.flowControl`)),
});

const settings = schemas.settingsSchema.shape;
const httpsUrl = (v: string) => schemas.registryUrlProblem(v) === null;

export const configSchema = z
  .strictObject({
    $schema: z.string().max(1000).meta(doc('$schema')),
    officeCode: settings.officeCode.meta(doc('officeCode')),
    officeName: settings.officeName.meta(doc('officeName')),
    workstationId: settings.workstationId.meta(doc('workstationId')),
    idleLockMinutes: settings.idleLockMinutes.meta(doc('idleLockMinutes')),
    language: schemas.languageSchema.meta(doc('language')),
    // IT may pin the devices of a workstation; then the «Устройства» screen shows them read-only.
    reader: z.strictObject({ ...serialFields('reader'), idleMs: line.idleMs.meta(doc('reader.idleMs')) }).meta(doc('reader')),
    printer: z
      .strictObject({ ...serialFields('printer'), font: printerSettingsSchema.shape.font.meta(doc('printer.font')) })
      .meta(doc('printer')),
    registryUrl: settings.registryUrl.meta(doc('registryUrl')),
    allowDeferredPhone: settings.allowDeferredPhone.meta(doc('allowDeferredPhone')),
    retentionDays: settings.retentionDays.meta(doc('retentionDays')),
    draftDays: settings.draftDays.meta(doc('draftDays')),
    /** The same rules as a token the admin types in «Настройки». */
    registryToken: setTokenInput.shape.token.meta(doc('registryToken')),
    registryTokenFile: z
      .string()
      .trim()
      .min(1, 'Укажите путь к файлу.')
      .max(1000, 'Путь — не длиннее 1000 символов.')
      .meta(doc('registryTokenFile')),
    /** The internal update server (electron-updater's generic provider); absent: no updates. */
    updateUrl: z
      .string()
      .trim()
      .max(500, 'Адрес — не длиннее 500 символов.')
      .refine(httpsUrl, { error: 'Адрес обновлений — полный адрес, начинающийся с https://.' })
      .meta(doc('updateUrl')),
    backup: z
      .strictObject({
        folder: z.string().trim().min(1, 'Укажите папку.').max(1000, 'Путь — не длиннее 1000 символов.').meta(doc('backup.folder')),
        keepDays: z.number().int().min(1).max(365).default(BACKUP_KEEP_DAYS_DEFAULT).meta(doc('backup.keepDays')),
        recoveryPublicKey: z
          .string()
          .trim()
          .max(20_000, 'Ключ — не длиннее 20000 символов.')
          .regex(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/, 'Ожидается открытый ключ в формате PEM.')
          .meta(doc('backup.recoveryPublicKey')),
      })
      .partial()
      .meta(doc('backup')),
  })
  .partial()
  .refine((v) => v.registryToken === undefined || v.registryTokenFile === undefined, {
    path: ['registryTokenFile'],
    error: 'Заданы и registryToken, и registryTokenFile: оставьте один из них (лучше registryTokenFile).',
    params: { both: true },
  })
  .meta({
    title: 'Окно: файл конфигурации рабочего места',
    description:
      'Настройки, которые задаёт отдел ИТ (Windows: %ProgramData%\\Okno\\config.json, Linux: /etc/okno/config.json; --config ФАЙЛ — только в сборке для разработки и в браузерной версии, установленная программа его не принимает). Все ключи необязательны; заданные здесь в «Настройках» только для чтения.',
  });

/** The JSON Schema of the file (committed as build/okno.config.schema.json; a test keeps it equal). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
}

/** The file's keys, with a token file already read into `registryToken`. */
export type ProvisioningConfig = Omit<z.infer<typeof configSchema>, 'registryTokenFile' | '$schema'>;
