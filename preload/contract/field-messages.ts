/**
 * Field errors as codes with parameters (issue 16). Each message a schema or the main process
 * puts on a field has a code here and its Russian template (`{name}` marks a parameter); the
 * schemas and services write `fieldMessage(code, params)`, so the Russian text stays what logs,
 * the CLI and old callers read, and the code travels beside it (`AppError.fieldIssues`). The
 * renderer says the code in the clerk's language; an unknown code falls back to the Russian.
 *
 * The text is also the key back to its code (`fieldIssueOf`): a zod message is a plain string,
 * and a FieldErrors value may come from any layer, so one reverse lookup serves all of them.
 * A unit test renders every code back and forth and checks every code has ru and be words.
 */
import { idNumberErrorCodes, idNumberMessageTemplates, idNumberWarningCodes } from './id-number';
import { phoneErrorCodes, phoneErrorMessages } from './phone';

export type FieldIssueParams = Record<string, string | number>;

/** One field's problem: a code of `fieldIssueCodes` and what its words need. */
export interface FieldIssue {
  code: string;
  params?: FieldIssueParams;
}

/** Dot-joined field path → its issue (the same paths as `FieldErrors`). */
export type FieldIssues = Record<string, FieldIssue>;

/** The schemas' and the services' own messages: code → Russian template. */
export const fieldMessagesRu = {
  // accounts
  'login.too_short': 'Логин — не короче 3 символов.',
  'login.too_long': 'Логин — не длиннее 32 символов.',
  'login.characters': 'Логин — латинские буквы, цифры, точка, дефис или подчёркивание.',
  'password.too_short': 'Пароль — не короче {min} символов.',
  'password.too_long': 'Пароль — не длиннее 200 символов.',
  'password.required': 'Введите пароль.',
  'password.mismatch': 'Пароли не совпадают. Введите пароль ещё раз.',
  'password.wrong': 'Неверный пароль.',
  'password.current_wrong': 'Текущий пароль введён неверно.',
  'password.same_as_current': 'Новый пароль совпадает с текущим. Придумайте другой пароль.',
  'supervisor.refused':
    'Подтверждение не принято: неверный логин или пароль начальника службы. Проверьте раскладку клавиатуры и Caps Lock.',
  'supervisor.required': 'Нужно подтверждение начальника службы.',
  'full_name.required': 'Укажите фамилию, имя и отчество.',
  'full_name.too_long': 'ФИО — не длиннее 120 символов.',
  'role.choose': 'Выберите роль.',
  'clerk.nothing_to_change': 'Нечего изменять: укажите ФИО, роль или состояние.',
  // records, dates
  'record_id.invalid': 'Неверный идентификатор записи.',
  'clerk_id.invalid': 'Неверный идентификатор сотрудника.',
  'application_id.invalid': 'Неверный идентификатор заявления.',
  'scan_id.unknown': 'Неизвестное считывание.',
  'date.iso': 'Дата в формате ГГГГ-ММ-ДД.',
  'date.years': 'Дата — с 2000 по 2999 год.',
  'period.reversed': 'Конец периода раньше начала. Исправьте даты.',
  'period.too_long': 'Период — не длиннее {days} дней. Сократите период.',
  'journal_no.format': 'Журнальный номер — как на этикетке: 2026/03-000123 (или 2026/000123).',
  'csv.kind': 'Выберите, что выгрузить.',
  // settings
  'language.choose': 'Язык: ru или be.',
  'office_code.format': 'Код службы — 2–16 латинских букв, цифр или дефисов.',
  'workstation.format': 'Номер рабочего места — число от 1 до 99.',
  'office_name.required': 'Укажите название службы.',
  'name.too_long': 'Название — не длиннее 200 символов.',
  'minutes.number': 'Укажите число минут.',
  'minutes.integer': 'Целое число минут.',
  'minutes.min': 'Не меньше 1 минуты.',
  'minutes.max': 'Не больше 120 минут.',
  'days.number': 'Укажите число дней.',
  'days.integer': 'Целое число дней.',
  'days.min': 'Не меньше 1 дня.',
  'retention.max': 'Не больше 3650 дней (10 лет).',
  'draft_days.max': 'Не больше 365 дней.',
  'registry_url.too_long': 'Адрес — не длиннее 500 символов.',
  'registry_url.not_url': 'Адрес реестра — полный URL, например https://uid.example.by/api/.',
  'registry_url.not_https': 'Адрес реестра должен начинаться с https:// (без шифрования персональные данные не передаются).',
  'yes_no.choose': 'Да или нет.',
  'settings.nothing_to_save': 'Нечего сохранять.',
  'token.too_short': 'Токен — не короче 8 символов, как его выдал отдел ИТ.',
  'token.too_long': 'Токен слишком длинный.',
  'token.characters': 'Токен — латинские буквы, цифры и знаки без пробелов.',
  // devices
  'port.too_long': 'Путь к порту — не длиннее 200 символов.',
  'port.control_characters': 'Путь к порту не может содержать управляющие символы.',
  'port.baud_rate': 'Скорость — одно из значений списка (обычно 9600).',
  'port.data_bits': 'Биты данных — 7 или 8.',
  'port.parity': 'Выберите чётность.',
  'port.stop_bits': 'Стоповые биты — 1 или 2.',
  'port.flow_control': 'Выберите управление потоком.',
  'milliseconds.number': 'Укажите число миллисекунд.',
  'milliseconds.integer': 'Целое число миллисекунд.',
  'milliseconds.min': 'Не меньше 50 мс.',
  'milliseconds.max': 'Не больше 2000 мс.',
  'printer.font': 'Шрифт — имя файла на принтере, например E:TT0003M_.TTF.',
  // the application: person
  'surname.required': 'Укажите: фамилия.',
  'surname.too_long': 'Фамилия — не длиннее 100 символов.',
  'surname.letters': 'Фамилия: русскими или белорусскими буквами, как в документе.',
  'given_names.required': 'Укажите: имя.',
  'given_names.too_long': 'Имя — не длиннее 100 символов.',
  'given_names.letters': 'Имя: русскими или белорусскими буквами, как в документе.',
  'patronymic.too_long': 'Отчество — не длиннее 100 символов.',
  'patronymic.letters': 'Отчество: русскими или белорусскими буквами, как в документе.',
  'surname_latin.too_long': 'Фамилия латиницей — не длиннее 100 символов.',
  'surname_latin.letters': 'Фамилия латиницей: латинскими буквами, как в MRZ документа.',
  'given_names_latin.too_long': 'Имя латиницей — не длиннее 100 символов.',
  'given_names_latin.letters': 'Имя латиницей: латинскими буквами, как в MRZ документа.',
  'birth_date.format': 'Дата рождения: дата в формате ДД.ММ.ГГГГ.',
  'birth_date.future': 'Дата рождения позже сегодняшней. Проверьте дату.',
  'birth_date.id_mismatch': 'Дата рождения не совпадает с идентификационным номером (символы 2–7). Проверьте оба поля.',
  'sex.choose': 'Выберите пол.',
  'sex.id_mismatch': 'Пол не совпадает с идентификационным номером (первая цифра). Проверьте оба поля.',
  'citizenship.format': 'Гражданство — трёхбуквенный код, как в документе (BLR).',
  // the application: document
  'document_type.choose': 'Выберите тип документа.',
  'series.format': 'Серия — две латинские буквы (например, MP) или пусто.',
  'document_number.format': 'Номер документа — латинские буквы и цифры, без пробелов.',
  'issued_at.format': 'Дата выдачи: дата в формате ДД.ММ.ГГГГ.',
  'issued_at.future': 'Дата выдачи позже сегодняшней. Проверьте дату.',
  'expires_at.format': 'Действителен до: дата в формате ДД.ММ.ГГГГ.',
  'expires_at.expired': 'Срок действия документа истёк.',
  'expires_at.not_accepted':
    'Документ просрочен: заявление по нему не принимается. Попросите гражданина предъявить действительный документ.',
  'expires_at.expired_before_signing':
    'Срок действия документа истёк до подписания: заявление по нему не принимается. Отмените его и примите новое по действительному документу.',
  'issuer.too_long': 'Кем выдан — не длиннее 200 символов.',
  // the application: procedure, phone, consent
  'procedure.choose': 'Выберите процедуру.',
  'consent.required': 'Без согласия на сверку с МВД заявление не принимается. Отметьте согласие гражданина.',
  'phone.required': 'Укажите мобильный телефон.',
  'phone.new_required': 'Укажите новый мобильный телефон.',
  'phone.not_for_procedure': 'Для этой процедуры телефон не указывается.',
  'phone.no_confirmation_for_procedure': 'Для этой процедуры телефон не подтверждается.',
  'old_phone.only_change': 'Прежний номер указывается только при смене телефона.',
  'phone.same_as_old': 'Новый номер совпадает с прежним. Проверьте номер.',
  'phone.code_not_verified': 'Телефон не подтверждён: код из SMS не проверен для этого номера. Отправьте код и проверьте его ещё раз.',
  'phone.confirm_online': 'Подтвердите телефон кодом из SMS: реестр на связи, заявление без подтверждения номера не принимается.',
  'phone.confirm_offline_forbidden':
    'Нет связи с реестром, а в этой службе заявление без подтверждения номера кодом из SMS не принимается. Дождитесь восстановления связи и отправьте код.',
  'phone.registry_rejects': 'Реестр не принимает этот номер: нужен мобильный номер Беларуси.',
  'sms_code.send_first': 'Сначала отправьте код.',
  'sms_code.format': 'Код из SMS — 6 цифр.',
  'sms_code.send_new': 'Отправьте новый код.',
  'id_number.open_application':
    'По этому гражданину уже есть незавершённое заявление № {journalNo} на ту же процедуру. Откройте его в журнале вместо создания нового.',
  'id_number.uid_issued':
    'Этому гражданину уже выдан уникальный идентификатор (заявление № {journalNo}). Для восстановления доступа используйте смену телефона или разблокировку.',
  'cancel.reason_required': 'Укажите причину отмены.',
  'cancel.reason_too_long': 'Причина — не длиннее 300 символов.',
  // privacy
  'request_ref.required': 'Укажите номер обращения гражданина.',
  'request_ref.too_long': 'Номер обращения — не длиннее 40 символов.',
  'request_ref.characters': 'Номер обращения — буквы, цифры, №, точка, дефис или косая черта.',
  'privacy.held_elsewhere':
    'Сведения об уникальном идентификаторе и его использовании хранит центральный реестр (НЦЭУ): запрос о них гражданин направляет оператору реестра.',
  // the card reader's warnings on a good read (main/domain/mrz.ts), shown with the filled form
  'mrz.birth_date_mismatch': 'Дата рождения в MRZ не совпадает с датой в идентификационном номере.',
  'mrz.sex_mismatch': 'Пол в MRZ не совпадает с полом по идентификационному номеру (первая цифра).',
  'mrz.birth_date_unknown': 'Дата рождения в MRZ указана не полностью: введите её по документу.',
  'mrz.name_truncated': 'Фамилия и имя в MRZ могли быть сокращены до длины строки: вводите ФИО по лицевой стороне документа.',
  // devices (main/devices): the header's indicators and the «Устройства» screen
  'device.reader_disconnected': 'Считыватель не найден на порту {path}. Проверьте, что он подключён; программа подключится к нему сама.',
  'device.printer_disconnected': 'Принтер этикеток не найден на порту {path}. Проверьте кабель и питание; этикетки подождут в очереди.',
  'device.port_not_found': 'Порт {path} не найден: проверьте, что считыватель подключён, и путь к порту в настройках.',
  'device.port_busy': 'Порт {path} занят другой программой: закройте её или выберите другой порт.',
  'device.port_open_failed': 'Не удалось открыть порт {path}: проверьте настройки порта и подключение устройства.',
  'device.port_open_failed_short': 'Не удалось открыть порт {path}.',
  'printer.no_answer': 'Принтер не отвечает. Проверьте, что он включён и кабель подключён; если горит индикатор ошибки — устраните её.',
  'printer.head_open': 'Открыта печатающая головка принтера. Закройте головку до щелчка.',
  'printer.cover_open': 'Открыта крышка принтера. Закройте крышку.',
  'printer.paper_jam': 'Замятие этикеток в принтере. Откройте принтер, извлеките замятую ленту и заправьте этикетки заново.',
  'printer.paper_out': 'В принтере закончились этикетки. Вставьте новый рулон и закройте принтер.',
  'printer.ribbon_out': 'В принтере закончилась красящая лента. Замените ленту.',
  'printer.temperature': 'Печатающая головка перегрета или слишком холодна. Подождите несколько минут, печать продолжится.',
  'printer.memory': 'Ошибка памяти принтера. Выключите и снова включите принтер.',
  'printer.buffer_full': 'Буфер принтера переполнен. Подождите, пока принтер допечатает, или перезапустите его.',
  'printer.paused': 'Принтер на паузе. Нажмите кнопку PAUSE на принтере, чтобы продолжить.',
  // transport
  'request.unknown_field': 'Неизвестное поле: уберите его из запроса.',
  'request.not_json': 'Тело запроса — не JSON.',
  // messages of the main process said for the whole form (errorText finds their code the same way)
  'password.wrong_check_layout': 'Неверный пароль. Проверьте раскладку клавиатуры и Caps Lock.',
  'scan.bad_read': 'Документ прочитан с ошибкой: данные не переносятся в форму. Считайте документ ещё раз.',
  'scan.stale': 'Считывание устарело или уже перенесено в форму. Считайте документ ещё раз.',
  'label.not_signed': 'Этикетка печатается после того, как гражданин подписал заявление. Сначала отметьте «Подписано».',
  'registry.not_configured': 'Адрес реестра или токен рабочего места не заданы. Обратитесь к администратору.',
  'registry.offline_code_not_sent': 'Нет связи с реестром. Код не отправлен.',
  'registry.offline_code_not_checked': 'Нет связи с реестром. Проверить код сейчас нельзя.',
  'registry.offline_lookup': 'Нет связи с реестром. Состояние УИ сейчас узнать нельзя.',
  'sms_code.sent_recently': 'Код на этот номер уже отправлялся. Повторите.',
  'sms_code.sent_recently_wait': 'Код на этот номер уже отправлялся. Повторите через {seconds} с.',
  'sms_code.expired': 'Код устарел или попытки исчерпаны. Отправьте новый код.',
  // the registry's failures (main/central/client.ts describeFailure: the status bar, the queue)
  'registry.failure.network': 'Нет связи с реестром. Заявления ждут в очереди и уйдут сами, когда связь появится.',
  'registry.failure.malformed': 'Реестр ответил непонятно (HTTP {status}). Попытка будет повторена.',
  'registry.failure.token': 'Реестр не принял токен рабочего места. Обратитесь к администратору: токен задаётся в настройках.',
  'registry.failure.busy': 'Реестр просит подождать (слишком много запросов). Попытка будет повторена.',
  'registry.failure.down': 'Реестр временно недоступен (HTTP {status}). Попытка будет повторена.',
  'registry.failure.rejected': 'Реестр отклонил запрос (HTTP {status}).',
  'registry.failure.rejected_title': 'Реестр отклонил запрос (HTTP {status}: {text}).',
  'decision.rejected': 'Реестр не принял заявление из-за ошибки в данных. Откройте заявление, примите его заново с исправленными данными.',
  'sync.internal': 'Внутренняя ошибка отправки; попытка будет повторена.',
  // zod's own checks where a schema gives no words (zod-locale.ts)
  'zod.required': 'Заполните поле.',
  'zod.invalid_type.string': 'Ожидается текст.',
  'zod.invalid_type.number': 'Ожидается число.',
  'zod.invalid_type.boolean': 'Ожидается «да» или «нет».',
  'zod.invalid_type.object': 'Ожидается набор полей.',
  'zod.invalid_type.array': 'Ожидается список.',
  'zod.too_small.string': 'Не короче {minimum} символов.',
  'zod.too_big.string': 'Не длиннее {maximum} символов.',
  'zod.too_small.number': 'Не меньше {minimum}.',
  'zod.too_big.number': 'Не больше {maximum}.',
  'zod.too_small.array': 'Не меньше {minimum} элементов.',
  'zod.too_big.array': 'Не больше {maximum} элементов.',
  'zod.invalid_format': 'Неверный формат значения.',
  'zod.invalid_value': 'Выберите одно из допустимых значений.',
  'zod.not_integer': 'Нужно целое число.',
} as const satisfies Record<string, string>;

export type FieldMessageCode = keyof typeof fieldMessagesRu;
export const fieldMessageCodes = Object.keys(fieldMessagesRu) as FieldMessageCode[];

/** Every field-issue code: our own, the phone parser's, the identification number's, and the error codes used as field words. */
export const phoneIssueCodes = phoneErrorCodes.map((c) => `phone.${c}` as const);
/** `digit_expected` has two more forms: the letter O or I where a digit belongs (a likely typo). */
export const idNumberIssueCodes = [
  ...idNumberErrorCodes.map((c) => `id_number.${c}` as const),
  'id_number.digit_expected_o',
  'id_number.digit_expected_i',
  ...idNumberWarningCodes.map((c) => `id_number.${c}` as const),
] as const;
export type IdNumberIssueCode = (typeof idNumberIssueCodes)[number];
export type PhoneIssueCode = (typeof phoneIssueCodes)[number];
export type FieldIssueCode = FieldMessageCode | PhoneIssueCode | IdNumberIssueCode;
export const fieldIssueCodes: readonly FieldIssueCode[] = [...fieldMessageCodes, ...phoneIssueCodes, ...idNumberIssueCodes];

/** A Russian template with its parameters filled in. */
export function fillTemplate(template: string, params?: FieldIssueParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

/** The Russian words of a field message: what the schemas and services put on a field. */
export function fieldMessage(code: FieldMessageCode, params?: FieldIssueParams): string {
  return fillTemplate(fieldMessagesRu[code], params);
}

/** Russian template of every field-issue code (the renderer's ru table and the reverse lookup). */
export function fieldIssueTemplatesRu(): Record<FieldIssueCode, string> {
  const phone = Object.fromEntries(phoneErrorCodes.map((c) => [`phone.${c}`, phoneErrorMessages[c]]));
  const id = Object.fromEntries(Object.entries(idNumberMessageTemplates).map(([c, text]) => [`id_number.${c}`, text]));
  return { ...fieldMessagesRu, ...phone, ...id } as Record<FieldIssueCode, string>;
}

type Matcher = { code: string; pattern: RegExp; names: string[] };
let matchers: { exact: Map<string, string>; patterns: Matcher[] } | null = null;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function lookupTables() {
  if (matchers) return matchers;
  const exact = new Map<string, string>();
  const patterns: Matcher[] = [];
  for (const [code, template] of Object.entries(fieldIssueTemplatesRu())) {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
    if (names.length === 0) {
      if (!exact.has(template)) exact.set(template, code);
      continue;
    }
    // A parameter is one word, except `{text}` (free words, e.g. the registry's problem title).
    const source = template
      .split(/\{\w+\}/)
      .map((part, i) => (i === 0 ? '' : names[i - 1] === 'text' ? '(.+?)' : '(\\S+?)') + escapeRegExp(part))
      .join('');
    patterns.push({ code, pattern: new RegExp(`^${source}$`, 's'), names });
  }
  matchers = { exact, patterns };
  return matchers;
}

/**
 * The code (and parameters) behind a Russian field message; undefined for words no code has.
 * A parameter is one word (a number, a journal number): «Не меньше {minimum}.» is not «… 7 элементов.».
 * The catalog holds the main process's other fixed messages too (the registry's failures…), so
 * any Russian words it sends can be said in the clerk's language the same way.
 */
export function fieldIssueOf(text: string): FieldIssue | undefined {
  const { exact, patterns } = lookupTables();
  const code = exact.get(text);
  if (code !== undefined) return { code };
  for (const m of patterns) {
    const found = m.pattern.exec(text);
    if (!found) continue;
    const params: FieldIssueParams = {};
    m.names.forEach((name, i) => {
      const value = found[i + 1] ?? '';
      params[name] = /^-?\d+$/.test(value) ? Number(value) : value;
    });
    return { code: m.code, params };
  }
  return undefined;
}
