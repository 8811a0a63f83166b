/**
 * Error codes and the result shape that cross the bridge. Expected failures are values;
 * the message is Russian (the main process is the authority), the renderer may translate
 * by code (i18n) and falls back to the message.
 */
import { fieldIssueOf, type FieldIssue, type FieldIssues } from './field-messages';

export const errorCodes = [
  'validation',
  'unauthenticated',
  'forbidden',
  'session_locked',
  'not_found',
  'conflict',
  'internal',
  'unavailable',
  'unknown_channel',
  'setup_required',
  'already_set_up',
  'invalid_credentials',
  'account_locked',
  'account_disabled',
  'weak_password',
  'login_taken',
  'last_admin',
  'config_readonly',
  'duplicate',
  'invalid_state',
  'precondition',
  'key_unavailable',
  'device_unavailable',
  'confirmation_required',
  'password_change_required',
  'desk_identity_required',
  'workstation_locked',
  'registry_refused',
  'recent_application',
  'database_damaged',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Field paths are dot-joined zod paths ("person.birthDate", "items.0.phone"). */
export type FieldErrors = Record<string, string>;

export interface AppError {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
  /**
   * The same fields as codes with parameters (field-messages.ts), for the renderer to say in the
   * clerk's language; a field without one here is shown in its Russian words.
   */
  fieldIssues?: FieldIssues;
  /**
   * Why the registry refuses (or would refuse): a refusal code (`UID_ALREADY_ASSIGNED`,
   * `DUPLICATE_PENDING`, `PHONE_IN_USE`, …) and what the words need (the other desk, its journal
   * number), so the renderer can say it in the clerk's language; `message` is the Russian.
   */
  reason?: AppErrorReason;
}

export interface AppErrorReason {
  code: string;
  params?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(code: ErrorCode, message: string, fields?: FieldErrors, reason?: AppErrorReason): Result<T> => {
  const fieldIssues = fields && issuesOfFields(fields);
  return {
    ok: false,
    error: { code, message, ...(fields && { fields }), ...(fieldIssues && { fieldIssues }), ...(reason && { reason }) },
  };
};

/**
 * The code behind a field's Russian words: a field message's (field-messages.ts), or an error
 * code's own message used on a field (`error.login_taken`).
 */
export function fieldIssueOfText(text: string): FieldIssue | undefined {
  const issue = fieldIssueOf(text);
  if (issue) return issue;
  const code = errorCodes.find((c) => defaultMessages[c] === text);
  return code === undefined ? undefined : { code: `error.${code}` };
}

/** Codes of the fields whose words have one; undefined when none has. */
export function issuesOfFields(fields: FieldErrors): FieldIssues | undefined {
  const issues: FieldIssues = {};
  let any = false;
  for (const [path, text] of Object.entries(fields)) {
    const issue = fieldIssueOfText(text);
    if (!issue) continue;
    Object.defineProperty(issues, path, { value: issue, enumerable: true, writable: true, configurable: true });
    any = true;
  }
  return any ? issues : undefined;
}

/** Default Russian messages: what happened and what to do. */
export const defaultMessages: Record<ErrorCode, string> = {
  validation: 'Данные заполнены неверно. Исправьте отмеченные поля.',
  unauthenticated: 'Вы не вошли в систему. Войдите под своим логином.',
  forbidden: 'Это действие недоступно для вашей роли. Обратитесь к начальнику службы или администратору.',
  session_locked: 'Сеанс заблокирован из-за бездействия. Введите пароль, чтобы продолжить.',
  not_found: 'Запись не найдена. Обновите список и попробуйте снова.',
  conflict: 'Данные изменились в другом месте. Обновите экран и повторите действие.',
  internal: 'Внутренняя ошибка программы. Повторите действие; если ошибка повторяется, сообщите администратору.',
  unavailable: 'Нет связи со службами программы. Подождите несколько секунд; если не помогает, перезапустите программу.',
  unknown_channel: 'Неизвестная операция. Обновите программу.',
  setup_required: 'Программа ещё не настроена. Создайте учётную запись администратора.',
  already_set_up: 'Администратор уже создан. Войдите под своим логином.',
  invalid_credentials:
    'Неверный логин или пароль. Проверьте раскладку клавиатуры и Caps Lock. После 5 неудачных попыток вход закрывается на 15 минут; если пароль верный, а войти не удаётся, обратитесь к администратору.',
  account_locked:
    'Учётная запись временно заблокирована после неудачных попыток входа. Обратитесь к начальнику службы или администратору либо повторите позже.',
  account_disabled: 'Учётная запись отключена. Обратитесь к администратору.',
  weak_password: 'Пароль слишком простой. Используйте не менее 10 символов.',
  login_taken: 'Такой логин уже есть. Выберите другой.',
  last_admin: 'Нельзя отключить или понизить последнего администратора. Сначала назначьте другого.',
  duplicate: 'По этому гражданину уже есть незавершённое заявление на ту же процедуру. Откройте его в журнале вместо создания нового.',
  invalid_state: 'Заявление уже в другом состоянии (возможно, изменено на другом рабочем месте). Обновите экран.',
  precondition: 'Заявление не может быть принято: условия процедуры не выполнены. Прочтите причину ниже.',
  key_unavailable: 'Ключ шифрования данных недоступен. Обратитесь к администратору.',
  device_unavailable: 'Устройство не настроено на этом рабочем месте. Администратор выбирает порт на экране «Устройства».',
  config_readonly: 'Этот параметр задан в файле конфигурации отделом ИТ и не меняется здесь.',
  confirmation_required:
    'В очереди есть заявления, ещё не отправленные в реестр: адрес реестра и токен меняются только с подтверждением начальника службы. ' +
    'Попросите его ввести свои логин и пароль ниже или дождитесь, пока очередь отправится.',
  password_change_required: 'Пароль задан администратором. Прежде чем продолжить работу, смените его на свой на экране смены пароля.',
  desk_identity_required:
    'Рабочее место не настроено: не заданы код службы или номер рабочего места, без них журнальный номер не выдаётся. Попросите администратора указать их в «Настройках».',
  workstation_locked:
    'Номер рабочего места не меняется: на этом рабочем месте уже есть заявления, их номера содержат прежний номер. Чтобы заменить компьютер, следуйте руководству ИТ (раздел «Замена рабочего места»).',
  registry_refused:
    'Реестр откажет по этому заявлению: состояние УИ гражданина в реестре не позволяет эту процедуру. Прочтите причину и объясните её гражданину.',
  recent_application:
    'Гражданину уже выдавали новый пароль за последние сутки. Уточните у гражданина, что нужен ещё один, и подтвердите повторную подачу.',
  database_damaged:
    'Проверка нашла повреждение файла базы данных; чтобы ничего не записать в повреждённый файл, программа остановила работу. Не удаляйте файл и обратитесь к администратору: базу нужно восстановить из резервной копии.',
};
