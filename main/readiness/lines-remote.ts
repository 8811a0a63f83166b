/**
 * Readiness lines about what the desk talks to: the registry (reachable, token, clock), the card
 * reader and the label printer, the update server. Pure builders.
 */
import { both, line, type ReadinessLine } from './line';

const T = {
  registry: both('Связь с реестром', 'Сувязь з рэестрам'),
  token: both('Токен рабочего места', 'Токен працоўнага месца'),
  clock: both('Часы компьютера', 'Гадзіннік камп’ютара'),
  reader: both('Считыватель документов', 'Счытвальнік дакументаў'),
  printer: both('Принтер этикеток', 'Прынтар этыкетак'),
  printerStatus: both('Ответ принтера на ~HS', 'Адказ прынтара на ~HS'),
  updates: both('Сервер обновлений', 'Сервер абнаўленняў'),
};

export type RegistryFacts =
  | { kind: 'not_configured' }
  | { kind: 'reachable'; url: string }
  | { kind: 'unreachable'; url: string; detail: string }
  | { kind: 'bad_answer'; url: string; detail: string };

export function registryLine(f: RegistryFacts): ReadinessLine {
  switch (f.kind) {
    case 'not_configured':
      return line(
        'registry',
        'fail',
        T.registry,
        both('Адрес реестра не задан: заявления только копятся в очереди.', 'Адрас рэестра не зададзены: заявы толькі збіраюцца ў чарзе.'),
        both(
          'Задайте registryUrl в файле конфигурации или на экране «Настройки».',
          'Задайце registryUrl у файле канфігурацыі або на экране «Налады».',
        ),
      );
    case 'reachable':
      return line('registry', 'ok', T.registry, both(`${f.url} отвечает.`, `${f.url} адказвае.`));
    case 'unreachable':
      return line(
        'registry',
        'fail',
        T.registry,
        both(`${f.url} не отвечает (${f.detail}).`, `${f.url} не адказвае (${f.detail}).`),
        both(
          'Проверьте подключение к сети, адрес реестра, прокси и правила сетевого экрана для этого компьютера.',
          'Праверце падключэнне да сеткі, адрас рэестра, проксі і правілы сеткавага экрана для гэтага камп’ютара.',
        ),
      );
    case 'bad_answer':
      return line(
        'registry',
        'fail',
        T.registry,
        both(`${f.url} ответил не как реестр (${f.detail}).`, `${f.url} адказаў не як рэестр (${f.detail}).`),
        both(
          'Проверьте адрес реестра: он должен указывать на API реестра (…/api/).',
          'Праверце адрас рэестра: ён павінен паказваць на API рэестра (…/api/).',
        ),
      );
  }
}

export type TokenFacts =
  | { kind: 'missing' }
  /** The token is stored sealed with a key this run cannot open (the Electron key, from the command line). */
  | { kind: 'sealed' }
  | { kind: 'not_checked' }
  | { kind: 'accepted' }
  | { kind: 'refused'; status: number }
  | { kind: 'error'; detail: string };

export function tokenLine(f: TokenFacts): ReadinessLine {
  const setIt = both(
    'Задайте токен, выданный вместе с кодом службы: registryTokenFile в файле конфигурации или «Настройки» → «Токен».',
    'Задайце токен, выдадзены разам з кодам службы: registryTokenFile у файле канфігурацыі або «Налады» → «Токен».',
  );
  switch (f.kind) {
    case 'missing':
      return line('registry.token', 'fail', T.token, both('Токен не задан.', 'Токен не зададзены.'), setIt);
    case 'sealed':
      return line(
        'registry.token',
        'warn',
        T.token,
        both(
          'Токен хранится зашифрованным ключом, запечатанным средствами ОС: здесь его не проверить.',
          'Токен захоўваецца зашыфраваным ключом, запячатаным сродкамі АС: тут яго не праверыць.',
        ),
        both(
          'Проверьте токен на экране «Проверка рабочего места» в программе.',
          'Праверце токен на экране «Праверка працоўнага месца» ў праграме.',
        ),
      );
    case 'not_checked':
      return line(
        'registry.token',
        'fail',
        T.token,
        both('Не проверен: реестр недоступен.', 'Не правераны: рэестр недаступны.'),
        both(
          'Сначала восстановите связь с реестром, затем повторите проверку.',
          'Спачатку аднавіце сувязь з рэестрам, потым паўтарыце праверку.',
        ),
      );
    case 'accepted':
      return line('registry.token', 'ok', T.token, both('Реестр принял токен.', 'Рэестр прыняў токен.'));
    case 'refused':
      return line(
        'registry.token',
        'fail',
        T.token,
        both(`Реестр не принял токен (HTTP ${f.status}).`, `Рэестр не прыняў токен (HTTP ${f.status}).`),
        setIt,
      );
    case 'error':
      return line(
        'registry.token',
        'warn',
        T.token,
        both(`Проверка токена не удалась: ${f.detail}.`, `Праверка токена не ўдалася: ${f.detail}.`),
        both(
          'Повторите проверку позже; если повторяется — сообщите в поддержку реестра.',
          'Паўтарыце праверку пазней; калі паўтараецца — паведаміце ў падтрымку рэестра.',
        ),
      );
  }
}

/** Above this the registry's and the desk's times disagree enough to matter (dates on applications, expiries). */
export const CLOCK_WARN_MS = 2 * 60 * 1000;

/** `offsetMs`: registry time minus this computer's; null when the registry could not be asked. */
export function clockLine(offsetMs: number | null): ReadinessLine {
  if (offsetMs === null)
    return line(
      'registry.clock',
      'warn',
      T.clock,
      both('Не сверены с реестром: реестр недоступен.', 'Не звераны з рэестрам: рэестр недаступны.'),
      both(
        'Проверьте время и часовой пояс компьютера вручную; сверка — после восстановления связи.',
        'Праверце час і гадзінны пояс камп’ютара ўручную; зверка — пасля аднаўлення сувязі.',
      ),
    );
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  const direction =
    offsetMs > 0 ? both('отстают от реестра', 'адстае ад рэестра') : both('спешат относительно реестра', 'спяшаецца адносна рэестра');
  if (Math.abs(offsetMs) > CLOCK_WARN_MS)
    return line(
      'registry.clock',
      'warn',
      T.clock,
      both(`Часы ${direction.ru} на ${seconds} с.`, `Гадзіннік ${direction.be} на ${seconds} с.`),
      both(
        'Включите синхронизацию времени (NTP, служба времени Windows) и проверьте часовой пояс.',
        'Уключыце сінхранізацыю часу (NTP, служба часу Windows) і праверце гадзінны пояс.',
      ),
    );
  return line('registry.clock', 'ok', T.clock, both(`Расхождение с реестром ${seconds} с.`, `Разыходжанне з рэестрам ${seconds} с.`));
}

export type PortFacts =
  | { kind: 'not_configured' }
  | { kind: 'open'; path: string }
  | { kind: 'connecting'; path: string }
  | { kind: 'not_found'; path: string }
  | { kind: 'busy'; path: string }
  | { kind: 'error'; path: string; message: string };

export function portLine(device: 'reader' | 'printer', f: PortFacts): ReadinessLine {
  const id = `${device}.port`;
  const title = T[device];
  const where = both('«Устройства»', '«Прылады»');
  switch (f.kind) {
    case 'not_configured':
      return line(
        id,
        'warn',
        title,
        both('Порт не задан: на этом месте устройства нет.', 'Порт не зададзены: на гэтым месцы прылады няма.'),
        both(
          `Если устройство есть, задайте его порт на экране ${where.ru} или в файле конфигурации.`,
          `Калі прылада ёсць, задайце яе порт на экране ${where.be} або ў файле канфігурацыі.`,
        ),
      );
    case 'open':
      return line(id, 'ok', title, both(`Порт ${f.path} открыт.`, `Порт ${f.path} адкрыты.`));
    case 'connecting':
      return line(
        id,
        'warn',
        title,
        both(`Подключение к порту ${f.path}…`, `Падключэнне да порта ${f.path}…`),
        both('Повторите проверку через несколько секунд.', 'Паўтарыце праверку праз некалькі секунд.'),
      );
    case 'not_found':
      return line(
        id,
        'fail',
        title,
        both(`Порта ${f.path} нет.`, `Порта ${f.path} няма.`),
        both(
          `Подключите устройство (кабель, питание, драйвер USB-COM) и проверьте номер порта на экране ${where.ru}.`,
          `Падключыце прыладу (кабель, сілкаванне, драйвер USB-COM) і праверце нумар порта на экране ${where.be}.`,
        ),
      );
    case 'busy':
      return line(
        id,
        'fail',
        title,
        both(`Порт ${f.path} занят другой программой.`, `Порт ${f.path} заняты іншай праграмай.`),
        both(
          'Закройте программу, которая его держит (в том числе запущенное Окно: тогда проверяйте из программы, экран «Проверка рабочего места»).',
          'Закрыйце праграму, якая яго трымае (у тым ліку запушчанае Акно: тады правярайце з праграмы, экран «Праверка працоўнага месца»).',
        ),
      );
    case 'error':
      return line(
        id,
        'fail',
        title,
        both(`Порт ${f.path}: ${f.message}`, `Порт ${f.path}: ${f.message}`),
        both(`Проверьте устройство и параметры порта на экране ${where.ru}.`, `Праверце прыладу і параметры порта на экране ${where.be}.`),
      );
  }
}

export type PrinterStatusFacts =
  | { kind: 'ready' }
  /** `message` is the printer problem's own Russian text (main/devices/zebra-status.ts). */
  | { kind: 'problem'; message: string }
  | { kind: 'silent' }
  | { kind: 'not_asked' }
  /** No printer on this desk (its port line says so): no line of its own. */
  | { kind: 'no_printer' };

export function printerStatusLine(f: Exclude<PrinterStatusFacts, { kind: 'no_printer' }>): ReadinessLine {
  switch (f.kind) {
    case 'ready':
      return line(
        'printer.status',
        'ok',
        T.printerStatus,
        both('Принтер готов (бумага, головка, пауза — в порядке).', 'Прынтар гатовы (папера, галоўка, паўза — у парадку).'),
      );
    case 'problem':
      return line(
        'printer.status',
        'fail',
        T.printerStatus,
        both(`Принтер сообщает: ${f.message}`, `Прынтар паведамляе: ${f.message}`),
        both(
          'Устраните причину на принтере (бумага, головка, пауза) и повторите проверку.',
          'Ухіліце прычыну на прынтары (папера, галоўка, паўза) і паўтарыце праверку.',
        ),
      );
    case 'silent':
      return line(
        'printer.status',
        'fail',
        T.printerStatus,
        both('Принтер не ответил на запрос состояния ~HS.', 'Прынтар не адказаў на запыт стану ~HS.'),
        both(
          'Проверьте, что принтер включён, что это Zebra (ZPL II), и скорость и управление потоком порта — как в настройках принтера.',
          'Праверце, што прынтар уключаны, што гэта Zebra (ZPL II), і хуткасць і кіраванне патокам порта — як у наладах прынтара.',
        ),
      );
    case 'not_asked':
      return line(
        'printer.status',
        'fail',
        T.printerStatus,
        both('Не спрошен: порт принтера не открыт.', 'Не спытаны: порт прынтара не адкрыты.'),
        both('Сначала добейтесь, чтобы порт принтера открывался.', 'Спачатку дабіцеся, каб порт прынтара адкрываўся.'),
      );
  }
}

export type UpdateFeedFacts =
  { kind: 'not_configured' } | { kind: 'reachable'; url: string } | { kind: 'unreachable'; url: string; detail: string };

export function updateFeedLine(f: UpdateFeedFacts): ReadinessLine {
  switch (f.kind) {
    case 'not_configured':
      return line(
        'updates.feed',
        'ok',
        T.updates,
        both('Не задан (updateUrl): программу обновляет отдел ИТ.', 'Не зададзены (updateUrl): праграму абнаўляе аддзел ІТ.'),
      );
    case 'reachable':
      return line('updates.feed', 'ok', T.updates, both(`${f.url} отвечает.`, `${f.url} адказвае.`));
    case 'unreachable':
      return line(
        'updates.feed',
        'fail',
        T.updates,
        both(`${f.url} недоступен (${f.detail}).`, `${f.url} недаступны (${f.detail}).`),
        both(
          'Проверьте адрес updateUrl, что на сервере лежит latest.yml, и доступ к серверу из этой сети.',
          'Праверце адрас updateUrl, што на серверы ляжыць latest.yml, і доступ да сервера з гэтай сеткі.',
        ),
      );
  }
}
