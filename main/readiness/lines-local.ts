/**
 * Readiness lines about this computer: the database and its migrations, the audit chain, the data
 * key, the data folder, the disk, the backups and the versions. Pure builders.
 */
import { formatMinskDateTime } from '../domain/minsk-time';
import { both, formatAge, formatBytes, line, type ReadinessLine } from './line';

const T = {
  database: both('База данных', 'База даных'),
  migrations: both('Версия схемы базы данных', 'Версія схемы базы даных'),
  audit: both('Журнал аудита', 'Журнал аўдыту'),
  key: both('Ключ данных', 'Ключ даных'),
  dataDir: both('Папка данных', 'Папка даных'),
  disk: both('Свободное место на диске', 'Вольнае месца на дыску'),
  backup: both('Резервные копии', 'Рэзервовыя копіі'),
  versions: both('Версии', 'Версіі'),
};

export type DatabaseFacts =
  { kind: 'ok' } | { kind: 'missing'; file: string } | { kind: 'damaged'; detail: string } | { kind: 'unreadable'; detail: string };

export function databaseLine(f: DatabaseFacts): ReadinessLine {
  switch (f.kind) {
    case 'ok':
      return line(
        'database',
        'ok',
        T.database,
        both('Целостность проверена (PRAGMA integrity_check): ok.', 'Цэласнасць праверана (PRAGMA integrity_check): ok.'),
      );
    case 'missing':
      return line(
        'database',
        'fail',
        T.database,
        both(`Файла базы данных нет: ${f.file}.`, `Файла базы даных няма: ${f.file}.`),
        both(
          'Запустите программу на этом рабочем месте один раз (она создаст базу) или укажите верную папку данных.',
          'Запусціце праграму на гэтым працоўным месцы адзін раз (яна створыць базу) або пакажыце правільную папку даных.',
        ),
      );
    case 'damaged':
      return line(
        'database',
        'fail',
        T.database,
        both(`База данных повреждена: ${f.detail}.`, `База даных пашкоджана: ${f.detail}.`),
        both(
          'Не работайте на этом месте: закройте программу, сохраните папку данных как есть и восстановите базу из резервной копии (docs/IT-GUIDE.md).',
          'Не працуйце на гэтым месцы: закрыйце праграму, захавайце папку даных як ёсць і аднавіце базу з рэзервовай копіі (docs/IT-GUIDE.md).',
        ),
      );
    case 'unreadable':
      return line(
        'database',
        'fail',
        T.database,
        both(`Базу данных не удалось прочитать: ${f.detail}.`, `Базу даных не ўдалося прачытаць: ${f.detail}.`),
        both(
          'Проверьте права учётной записи программы на папку данных и что файл не занят другой программой.',
          'Праверце правы ўліковага запісу праграмы на папку даных і што файл не заняты іншай праграмай.',
        ),
      );
  }
}

export interface MigrationFacts {
  /** Names recorded in the database, in order. */
  applied: readonly string[];
  /** Names this version of the program knows, in order. */
  known: readonly string[];
}

export function migrationsLine({ applied, known }: MigrationFacts): ReadinessLine {
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    return line(
      'database.migrations',
      'fail',
      T.migrations,
      both(
        `База данных от более новой версии программы (неизвестные изменения схемы: ${unknown.join(', ')}).`,
        `База даных ад навейшай версіі праграмы (невядомыя змены схемы: ${unknown.join(', ')}).`,
      ),
      both(
        'Установите ту версию программы, с которой работали на этом месте, или более новую.',
        'Усталюйце тую версію праграмы, з якой працавалі на гэтым месцы, або навейшую.',
      ),
    );
  if (applied.length < known.length)
    return line(
      'database.migrations',
      'warn',
      T.migrations,
      both(
        `Схема ${applied.length} из ${known.length}: программа обновит её при следующем запуске (с копией в backups/).`,
        `Схема ${applied.length} з ${known.length}: праграма абновіць яе пры наступным запуску (з копіяй у backups/).`,
      ),
      both('Запустите программу, затем повторите проверку.', 'Запусціце праграму, потым паўтарыце праверку.'),
    );
  return line('database.migrations', 'ok', T.migrations, both(`Схема актуальна (${known.length}).`, `Схема актуальная (${known.length}).`));
}

export type AuditFacts =
  { kind: 'intact'; rows: number; mode: 'keyed' | 'plain' | 'links_only' } | { kind: 'broken'; seq: number; message: string };

export function auditLine(f: AuditFacts): ReadinessLine {
  if (f.kind === 'broken')
    return line(
      'audit',
      'fail',
      T.audit,
      both(`Цепочка журнала нарушена с записи № ${f.seq}: ${f.message}`, `Ланцужок журнала парушаны з запісу № ${f.seq}: ${f.message}`),
      both(
        'Не изменяйте ничего в папке данных; сообщите ответственному за защиту информации и проверьте журнал командой npm run audit:verify (docs/IT-GUIDE.md §5).',
        'Нічога не змяняйце ў папцы даных; паведаміце адказнаму за абарону інфармацыі і праверце журнал камандай npm run audit:verify (docs/IT-GUIDE.md §5).',
      ),
    );
  if (f.mode === 'links_only')
    return line(
      'audit',
      'warn',
      T.audit,
      both(
        `Проверены порядок и связи ${f.rows} записей, но не их содержимое: ключ данных запечатан средствами ОС.`,
        `Правераны парадак і сувязі ${f.rows} запісаў, але не іх змесціва: ключ даных запячатаны сродкамі АС.`,
      ),
      both(
        'Полная проверка — на экране «Проверка рабочего места» в программе.',
        'Поўная праверка — на экране «Праверка працоўнага месца» ў праграме.',
      ),
    );
  return line('audit', 'ok', T.audit, both(`Цепочка цела, записей: ${f.rows}.`, `Ланцужок цэлы, запісаў: ${f.rows}.`));
}

export type KeyFacts =
  /** The harness's key file; `looseMode`: readable by others (octal text) or null. */
  | { kind: 'file'; matches: boolean; looseMode: string | null }
  /** Sealed by the OS (Electron); its backend is a line of the Electron layer. */
  | { kind: 'sealed'; checkedByApp: boolean }
  | { kind: 'missing' }
  | { kind: 'unreadable'; detail: string };

export function keyLine(f: KeyFacts): ReadinessLine {
  const restore = both(
    'Восстановите файл ключа из резервной копии на прежнее место (без ключа зашифрованные данные не прочитать).',
    'Аднавіце файл ключа з рэзервовай копіі на ранейшае месца (без ключа зашыфраваныя даныя не прачытаць).',
  );
  switch (f.kind) {
    case 'missing':
      return line(
        'key',
        'fail',
        T.key,
        both('Файла ключа данных нет (okno.key или okno.key.sealed).', 'Файла ключа даных няма (okno.key або okno.key.sealed).'),
        restore,
      );
    case 'unreadable':
      return line('key', 'fail', T.key, both(`Ключ данных не прочитан: ${f.detail}.`, `Ключ даных не прачытаны: ${f.detail}.`), restore);
    case 'sealed':
      return line(
        'key',
        'ok',
        T.key,
        f.checkedByApp
          ? both(
              'Ключ запечатан средствами ОС (safeStorage) и открыт программой.',
              'Ключ запячатаны сродкамі АС (safeStorage) і адкрыты праграмай.',
            )
          : both(
              'Ключ запечатан средствами ОС (okno.key.sealed); хранилище проверяется на экране программы.',
              'Ключ запячатаны сродкамі АС (okno.key.sealed); сховішча правяраецца на экране праграмы.',
            ),
      );
    case 'file':
      if (!f.matches)
        return line(
          'key',
          'fail',
          T.key,
          both('Файл ключа okno.key не подходит к этой базе данных.', 'Файл ключа okno.key не падыходзіць да гэтай базы даных.'),
          restore,
        );
      if (f.looseMode !== null)
        return line(
          'key',
          'fail',
          T.key,
          both(
            `Файл ключа okno.key доступен другим пользователям (права ${f.looseMode}).`,
            `Файл ключа okno.key даступны іншым карыстальнікам (правы ${f.looseMode}).`,
          ),
          both(
            'Оставьте доступ только владельцу: chmod 600 okno.key (программа делает это сама при запуске).',
            'Пакіньце доступ толькі ўладальніку: chmod 600 okno.key (праграма робіць гэта сама пры запуску).',
          ),
        );
      return line(
        'key',
        'ok',
        T.key,
        both('Ключ в файле okno.key (права 600), подходит к базе.', 'Ключ у файле okno.key (правы 600), падыходзіць да базы.'),
      );
  }
}

export interface DataDirFacts {
  dir: string;
  writable: boolean;
  /** Entries readable or writable by group or others ("okno.sqlite 644"); empty on Windows. */
  loose: readonly string[];
}

export function dataDirLine(f: DataDirFacts): ReadinessLine {
  if (!f.writable)
    return line(
      'data_dir',
      'fail',
      T.dataDir,
      both(`Нет права записи в папку данных ${f.dir}.`, `Няма права запісу ў папку даных ${f.dir}.`),
      both(
        'Дайте учётной записи, под которой работает программа, право записи в эту папку.',
        'Дайце ўліковаму запісу, пад якім працуе праграма, права запісу ў гэтую папку.',
      ),
    );
  if (f.loose.length > 0)
    return line(
      'data_dir',
      'fail',
      T.dataDir,
      both(`Доступны другим пользователям: ${f.loose.join(', ')}.`, `Даступныя іншым карыстальнікам: ${f.loose.join(', ')}.`),
      both(
        'Оставьте доступ только владельцу (папки 700, файлы 600); программа делает это сама при запуске — запустите её и повторите проверку.',
        'Пакіньце доступ толькі ўладальніку (папкі 700, файлы 600); праграма робіць гэта сама пры запуску — запусціце яе і паўтарыце праверку.',
      ),
    );
  return line(
    'data_dir',
    'ok',
    T.dataDir,
    both(`${f.dir}: запись разрешена, доступ только владельцу.`, `${f.dir}: запіс дазволены, доступ толькі ўладальніку.`),
  );
}

/** Below this the next backup or VACUUM may not fit: not ready. */
export const DISK_FAIL_BYTES = 500 * 1024 ** 2;
/** Below this IT should clean up before it becomes a failure. */
export const DISK_WARN_BYTES = 2 * 1024 ** 3;

export function diskLine(f: { freeBytes: number } | { error: string }): ReadinessLine {
  const todo = both(
    'Освободите место на диске с папкой данных (не удаляя файлы программы) или перенесите папку на другой диск.',
    'Вызваліце месца на дыску з папкай даных (не выдаляючы файлы праграмы) або перанясіце папку на іншы дыск.',
  );
  if ('error' in f) return line('disk', 'warn', T.disk, both(`Не удалось узнать: ${f.error}.`, `Не ўдалося даведацца: ${f.error}.`), todo);
  const text = both(`Свободно ${formatBytes(f.freeBytes)}.`, `Вольна ${formatBytes(f.freeBytes)}.`);
  if (f.freeBytes < DISK_FAIL_BYTES) return line('disk', 'fail', T.disk, text, todo);
  if (f.freeBytes < DISK_WARN_BYTES) return line('disk', 'warn', T.disk, text, todo);
  return line('disk', 'ok', T.disk, text);
}

/** A backup older than this on a desk that works daily means backups stopped. */
export const BACKUP_STALE_MS = 26 * 60 * 60 * 1000;

export type BackupFacts =
  | { kind: 'not_configured' }
  | { kind: 'missing'; folder: string }
  | { kind: 'not_writable'; folder: string; detail: string }
  | { kind: 'writable'; folder: string; newestAgeMs: number | null };

export function backupLine(f: BackupFacts, lastFailure: { at: string; message: string } | null = null): ReadinessLine {
  // The folder takes a file now, but the app's own last attempt failed (disk full, a share that was away).
  if (f.kind === 'writable' && lastFailure !== null)
    return line(
      'backup',
      'warn',
      T.backup,
      both(
        `Последняя резервная копия не сделана (${formatMinskDateTime(lastFailure.at)}): ${lastFailure.message}`,
        `Апошняя рэзервовая копія не зроблена (${formatMinskDateTime(lastFailure.at)}): ${lastFailure.message}`,
      ),
      both(
        'Устраните причину (место на диске, доступ к папке) и сделайте копию: npm run backup -- --data-dir ПАПКА.',
        'Ухіліце прычыну (месца на дыску, доступ да папкі) і зрабіце копію: npm run backup -- --data-dir ПАПКА.',
      ),
    );
  switch (f.kind) {
    case 'not_configured':
      return line(
        'backup',
        'fail',
        T.backup,
        both(
          'Папка резервных копий не задана (backup.folder): при отказе диска неотправленные заявления пропадут.',
          'Папка рэзервовых копій не зададзена (backup.folder): пры адмове дыска неадпраўленыя заявы прападуць.',
        ),
        both(
          'Задайте backup.folder и backup.recoveryPublicKey в файле конфигурации (docs/config.md, docs/IT-GUIDE.md).',
          'Задайце backup.folder і backup.recoveryPublicKey у файле канфігурацыі (docs/config.md, docs/IT-GUIDE.md).',
        ),
      );
    case 'missing':
      return line(
        'backup',
        'fail',
        T.backup,
        both(`Папки резервных копий нет: ${f.folder}.`, `Папкі рэзервовых копій няма: ${f.folder}.`),
        both(
          'Создайте папку (или подключите сетевой диск) и дайте программе право записи в неё.',
          'Стварыце папку (або падключыце сеткавы дыск) і дайце праграме права запісу ў яе.',
        ),
      );
    case 'not_writable':
      return line(
        'backup',
        'fail',
        T.backup,
        both(
          `В папку резервных копий ${f.folder} нельзя записать: ${f.detail}.`,
          `У папку рэзервовых копій ${f.folder} нельга запісаць: ${f.detail}.`,
        ),
        both(
          'Дайте учётной записи программы право записи в эту папку и проверьте свободное место на ней.',
          'Дайце ўліковаму запісу праграмы права запісу ў гэтую папку і праверце вольнае месца на ёй.',
        ),
      );
    case 'writable':
      if (f.newestAgeMs === null)
        return line(
          'backup',
          'warn',
          T.backup,
          both(`Папка ${f.folder} доступна для записи; копий ещё нет.`, `Папка ${f.folder} даступная для запісу; копій яшчэ няма.`),
          both(
            'Первая копия появится после работы в программе; сделать её сразу: npm run backup -- --data-dir ПАПКА.',
            'Першая копія з’явіцца пасля працы ў праграме; зрабіць яе адразу: npm run backup -- --data-dir ПАПКА.',
          ),
        );
      if (f.newestAgeMs > BACKUP_STALE_MS)
        return line(
          'backup',
          'warn',
          T.backup,
          both(`Последняя копия сделана ${formatAge(f.newestAgeMs)} назад.`, `Апошняя копія зроблена ${formatAge(f.newestAgeMs)} таму.`),
          both(
            'Если на этом месте работали, копии не делаются: проверьте журнал программы (logs/okno.log) и папку копий.',
            'Калі на гэтым месцы працавалі, копіі не робяцца: праверце журнал праграмы (logs/okno.log) і папку копій.',
          ),
        );
      return line(
        'backup',
        'ok',
        T.backup,
        both(
          `Папка ${f.folder} доступна; последняя копия ${formatAge(f.newestAgeMs)} назад.`,
          `Папка ${f.folder} даступная; апошняя копія ${formatAge(f.newestAgeMs)} таму.`,
        ),
      );
  }
}

export interface VersionFacts {
  app: string;
  node: string;
  electron: string | null;
  /** Migrations applied (null without a database). */
  schema: number | null;
}

export function versionsLine(f: VersionFacts): ReadinessLine {
  const parts = [
    `Окно ${f.app}`,
    `Node.js ${f.node}`,
    ...(f.electron ? [`Electron ${f.electron}`] : []),
    ...(f.schema !== null ? [`схема ${f.schema}`] : []),
  ];
  const text = parts.join(', ') + '.';
  // The same words in both languages (names and «схема»).
  return line('versions', 'ok', T.versions, both(text, text));
}
