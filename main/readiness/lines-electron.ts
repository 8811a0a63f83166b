/**
 * Readiness lines only the Electron layer can gather (main/electron/readiness.ts): the safeStorage
 * backend, one IPC round trip, a page printed to PDF through webContents, the updater's state.
 * Pure builders, so their verdicts are tested here although Electron cannot run on our machines.
 */
import { chooseKeySealing, type KeySealingInput } from '../key-sealing';
import type { UpdateState } from '../updates/policy';
import { both, line, type ReadinessLine } from './line';

const T = {
  seal: both('Хранилище ключа (safeStorage)', 'Сховішча ключа (safeStorage)'),
  ipc: both('Связь окна с программой (IPC)', 'Сувязь акна з праграмай (IPC)'),
  pdf: both('Печать через webContents (PDF)', 'Друк праз webContents (PDF)'),
  updater: both('Обновление программы', 'Абнаўленне праграмы'),
};

export function sealBackendLine(input: KeySealingInput): ReadinessLine {
  const backend = input.backend ?? (input.platform === 'win32' ? 'DPAPI' : input.platform === 'darwin' ? 'Keychain' : 'unknown');
  const sealing = chooseKeySealing(input);
  if (sealing.kind === 'sealed')
    return line('key.backend', 'ok', T.seal, both(`Ключ защищён хранилищем ОС (${backend}).`, `Ключ абаронены сховішчам АС (${backend}).`));
  const install = both(
    'Установите и запустите хранилище секретов (GNOME: gnome-keyring, KDE: KWallet) для учётной записи программы и перезапустите её (docs/IT-GUIDE.md).',
    'Усталюйце і запусціце сховішча сакрэтаў (GNOME: gnome-keyring, KDE: KWallet) для ўліковага запісу праграмы і перазапусціце яе (docs/IT-GUIDE.md).',
  );
  if (sealing.kind === 'key_file' && sealing.reason === 'basic_text')
    return line(
      'key.backend',
      'fail',
      T.seal,
      both(
        'safeStorage: basic_text — шифрование встроенным паролем, это не защита; ключ лежит в файле okno.key.',
        'safeStorage: basic_text — шыфраванне ўбудаваным паролем, гэта не абарона; ключ ляжыць у файле okno.key.',
      ),
      install,
    );
  return line(
    'key.backend',
    'fail',
    T.seal,
    both('Хранилище ключей ОС недоступно (safeStorage).', 'Сховішча ключоў АС недаступнае (safeStorage).'),
    input.platform === 'linux'
      ? install
      : both(
          'Войдите в систему под учётной записью, для которой установлена программа; если не помогает — обратитесь в поддержку.',
          'Увайдзіце ў сістэму пад уліковым запісам, для якога ўсталявана праграма; калі не дапамагае — звярніцеся ў падтрымку.',
        ),
  );
}

export function ipcLine(f: { ok: true; ms: number } | { ok: false; detail: string }): ReadinessLine {
  if (f.ok) return line('electron.ipc', 'ok', T.ipc, both(`Вызов туда и обратно: ${f.ms} мс.`, `Выклік туды і назад: ${f.ms} мс.`));
  return line(
    'electron.ipc',
    'fail',
    T.ipc,
    both(`Вызов не прошёл: ${f.detail}.`, `Выклік не прайшоў: ${f.detail}.`),
    both(
      'Переустановите программу; если повторяется — сохраните logs/okno.log и обратитесь к разработчикам.',
      'Пераўсталюйце праграму; калі паўтараецца — захавайце logs/okno.log і звярніцеся да распрацоўшчыкаў.',
    ),
  );
}

export function printPdfLine(f: { ok: true; bytes: number } | { ok: false; detail: string }): ReadinessLine {
  if (f.ok)
    return line(
      'electron.print',
      'ok',
      T.pdf,
      both(`Страница напечатана в PDF (${f.bytes} байт).`, `Старонка надрукавана ў PDF (${f.bytes} байтаў).`),
    );
  return line(
    'electron.print',
    'fail',
    T.pdf,
    both(`Страница не напечатана: ${f.detail}.`, `Старонка не надрукавана: ${f.detail}.`),
    both(
      'Проверьте, что в системе установлен хотя бы один принтер (или «Печать в PDF»), и повторите проверку.',
      'Праверце, што ў сістэме ўсталяваны хоць адзін прынтар (або «Друк у PDF»), і паўтарыце праверку.',
    ),
  );
}

/** `null`: this run has no updater (the browser harness, a development build). */
export function updaterLine(state: UpdateState | null): ReadinessLine {
  if (state === null)
    return line(
      'updates.state',
      'ok',
      T.updater,
      both('Без автообновления (браузерная версия).', 'Без аўтаабнаўлення (браўзерная версія).'),
    );
  switch (state.status) {
    case 'disabled':
      return line(
        'updates.state',
        'ok',
        T.updater,
        both(`Автообновление выключено: ${state.reason}`, `Аўтаабнаўленне выключана: ${state.reason}`),
      );
    case 'idle':
    case 'checking':
      return line(
        'updates.state',
        'ok',
        T.updater,
        both('Включено; новой версии нет или идёт проверка.', 'Уключана; новай версіі няма або ідзе праверка.'),
      );
    case 'downloading':
      return line(
        'updates.state',
        'ok',
        T.updater,
        both(
          `Загружается версия ${state.version ?? ''} (${Math.round(state.percent)} %).`,
          `Загружаецца версія ${state.version ?? ''} (${Math.round(state.percent)} %).`,
        ),
      );
    case 'downloaded':
      return line(
        'updates.state',
        'ok',
        T.updater,
        both(
          `Версия ${state.version} загружена — установится при закрытии.`,
          `Версія ${state.version} загружана — усталюецца пры закрыцці.`,
        ),
      );
    case 'error':
      return line(
        'updates.state',
        'warn',
        T.updater,
        both(`Обновление не удалось: ${state.message}`, `Абнаўленне не ўдалося: ${state.message}`),
        both(
          'Проверьте сервер обновлений (строку выше) и logs/okno.log; программа повторит попытку через 4 часа.',
          'Праверце сервер абнаўленняў (радок вышэй) і logs/okno.log; праграма паўторыць спробу праз 4 гадзіны.',
        ),
      );
  }
}
