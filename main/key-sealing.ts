/**
 * Whether the data key is sealed with Electron's safeStorage or kept in the owner-only key file.
 * On Linux safeStorage without a secret store (no gnome-keyring, no KWallet) falls back to the
 * `basic_text` backend, which "encrypts" with a password built into Chromium: a sealed file that
 * anyone can open is no sealing, and hides that from IT. So `basic_text` counts as unavailable, and
 * so does an unavailable safeStorage on Linux: the 0600 key file, and a warning for IT. On Windows
 * (DPAPI) and macOS (Keychain) an unavailable safeStorage is a fault of the account, and the app
 * refuses to start as before. Pure, so it is tested without Electron.
 */

export interface KeySealingInput {
  platform: NodeJS.Platform;
  /** safeStorage.isEncryptionAvailable() */
  available: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux (after app ready); undefined elsewhere. */
  backend?: string;
}

export type KeySealing =
  | { kind: 'sealed' }
  /** The 0600 key file; `warning` (Russian) goes to the log for IT. */
  | { kind: 'key_file'; reason: 'basic_text' | 'unavailable'; warning: string }
  | { kind: 'refuse'; message: string };

const HOW_TO =
  'Установите и запустите хранилище секретов рабочего стола (GNOME: пакет gnome-keyring; KDE: KWallet) для учётной записи, ' +
  'под которой работает Окно, и перезапустите программу: ключ будет защищён им. См. docs/IT-GUIDE.md, раздел о ключе данных.';

export function chooseKeySealing(input: KeySealingInput): KeySealing {
  if (input.platform === 'linux') {
    if (!input.available)
      return {
        kind: 'key_file',
        reason: 'unavailable',
        warning: `Хранилище секретов недоступно: ключ данных хранится в файле okno.key с доступом только для этой учётной записи. ${HOW_TO}`,
      };
    if (input.backend === 'basic_text')
      return {
        kind: 'key_file',
        reason: 'basic_text',
        warning:
          'Хранилище секретов не найдено (safeStorage: basic_text — шифрование встроенным паролем, это не защита): ' +
          `ключ данных хранится в файле okno.key с доступом только для этой учётной записи. ${HOW_TO}`,
      };
    return { kind: 'sealed' };
  }
  if (!input.available)
    return {
      kind: 'refuse',
      message: 'Хранилище ключей операционной системы недоступно: ключ шифрования данных нельзя защитить. Обратитесь к администратору.',
    };
  return { kind: 'sealed' };
}
