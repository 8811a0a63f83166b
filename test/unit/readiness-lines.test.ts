/** The readiness check's pure line builders (main/readiness/lines-*.ts): each verdict from its facts. */
import { describe, expect, it } from 'vitest';
import { line, summarize, both, type ReadinessLine } from '../../main/readiness/line';
import {
  auditLine,
  backupLine,
  BACKUP_STALE_MS,
  databaseLine,
  dataDirLine,
  DISK_FAIL_BYTES,
  DISK_WARN_BYTES,
  diskLine,
  keyLine,
  migrationsLine,
  versionsLine,
} from '../../main/readiness/lines-local';
import {
  CLOCK_WARN_MS,
  clockLine,
  portLine,
  printerStatusLine,
  registryLine,
  tokenLine,
  updateFeedLine,
} from '../../main/readiness/lines-remote';
import { ipcLine, printPdfLine, sealBackendLine, updaterLine } from '../../main/readiness/lines-electron';

type Case = [name: string, built: ReadinessLine, status: ReadinessLine['status'], text: RegExp];

const cases: Case[] = [
  ['database ok', databaseLine({ kind: 'ok' }), 'ok', /integrity_check/],
  ['database missing', databaseLine({ kind: 'missing', file: '/d/okno.sqlite' }), 'fail', /\/d\/okno\.sqlite/],
  ['database damaged', databaseLine({ kind: 'damaged', detail: 'row 3 missing from index' }), 'fail', /повреждена: row 3/],
  ['database unreadable', databaseLine({ kind: 'unreadable', detail: 'SQLITE_CANTOPEN' }), 'fail', /SQLITE_CANTOPEN/],
  ['migrations current', migrationsLine({ applied: ['a', 'b'], known: ['a', 'b'] }), 'ok', /актуальна \(2\)/],
  ['migrations behind', migrationsLine({ applied: ['a'], known: ['a', 'b'] }), 'warn', /1 из 2/],
  ['migrations newer', migrationsLine({ applied: ['a', 'b', 'c'], known: ['a', 'b'] }), 'fail', /более новой версии .*c/],
  ['audit keyed', auditLine({ kind: 'intact', rows: 12, mode: 'keyed' }), 'ok', /записей: 12/],
  ['audit plain', auditLine({ kind: 'intact', rows: 3, mode: 'plain' }), 'ok', /записей: 3/],
  ['audit links only', auditLine({ kind: 'intact', rows: 3, mode: 'links_only' }), 'warn', /не их содержимое/],
  ['audit broken', auditLine({ kind: 'broken', seq: 7, message: 'hash differs' }), 'fail', /№ 7: hash differs/],
  ['key file', keyLine({ kind: 'file', matches: true, looseMode: null }), 'ok', /okno\.key/],
  ['key file loose', keyLine({ kind: 'file', matches: true, looseMode: '644' }), 'fail', /права 644/],
  ['key file mismatch', keyLine({ kind: 'file', matches: false, looseMode: null }), 'fail', /не подходит/],
  ['key sealed (command line)', keyLine({ kind: 'sealed', checkedByApp: false }), 'ok', /okno\.key\.sealed/],
  ['key sealed (app)', keyLine({ kind: 'sealed', checkedByApp: true }), 'ok', /открыт программой/],
  ['key missing', keyLine({ kind: 'missing' }), 'fail', /нет/],
  ['key unreadable', keyLine({ kind: 'unreadable', detail: 'EACCES' }), 'fail', /EACCES/],
  ['data dir ok', dataDirLine({ dir: '/d', writable: true, loose: [] }), 'ok', /только владельцу/],
  ['data dir read-only', dataDirLine({ dir: '/d', writable: false, loose: [] }), 'fail', /Нет права записи/],
  ['data dir loose', dataDirLine({ dir: '/d', writable: true, loose: ['okno.sqlite 644'] }), 'fail', /okno\.sqlite 644/],
  ['disk plenty', diskLine({ freeBytes: DISK_WARN_BYTES }), 'ok', /2,0 ГБ/],
  ['disk low', diskLine({ freeBytes: DISK_WARN_BYTES - 1 }), 'warn', /ГБ/],
  ['disk too low', diskLine({ freeBytes: DISK_FAIL_BYTES - 1 }), 'fail', /499 МБ/],
  ['disk unknown', diskLine({ error: 'ENOSYS' }), 'warn', /ENOSYS/],
  ['backup not configured', backupLine({ kind: 'not_configured' }), 'fail', /backup\.folder/],
  ['backup folder missing', backupLine({ kind: 'missing', folder: '/b' }), 'fail', /нет: \/b/],
  ['backup not writable', backupLine({ kind: 'not_writable', folder: '/b', detail: 'EACCES' }), 'fail', /нельзя записать: EACCES/],
  ['backup none yet', backupLine({ kind: 'writable', folder: '/b', newestAgeMs: null }), 'warn', /копий ещё нет/],
  ['backup recent', backupLine({ kind: 'writable', folder: '/b', newestAgeMs: 5 * 60_000 }), 'ok', /5 мин назад/],
  ['backup stale', backupLine({ kind: 'writable', folder: '/b', newestAgeMs: BACKUP_STALE_MS + 1 }), 'warn', /26 ч назад/],
  [
    'backup: the app’s last attempt failed',
    backupLine(
      { kind: 'writable', folder: '/b', newestAgeMs: 5 * 60_000 },
      { at: '2026-12-04T21:10:00.000Z', message: 'На диске нет места.' },
    ),
    'warn',
    /не сделана \(05\.12\.2026 00:10\): На диске нет места\./,
  ],
  ['registry not configured', registryLine({ kind: 'not_configured' }), 'fail', /не задан/],
  ['registry reachable', registryLine({ kind: 'reachable', url: 'https://r/api/' }), 'ok', /отвечает/],
  ['registry unreachable', registryLine({ kind: 'unreachable', url: 'https://r/api/', detail: 'ECONNREFUSED' }), 'fail', /ECONNREFUSED/],
  ['registry bad answer', registryLine({ kind: 'bad_answer', url: 'https://r/', detail: 'HTTP 404' }), 'fail', /HTTP 404/],
  ['token accepted', tokenLine({ kind: 'accepted' }), 'ok', /принял/],
  ['token missing', tokenLine({ kind: 'missing' }), 'fail', /не задан/],
  ['token refused', tokenLine({ kind: 'refused', status: 401 }), 'fail', /HTTP 401/],
  ['token not checked', tokenLine({ kind: 'not_checked' }), 'fail', /реестр недоступен/],
  ['token sealed', tokenLine({ kind: 'sealed' }), 'warn', /запечатанным/],
  ['token error', tokenLine({ kind: 'error', detail: 'HTTP 500' }), 'warn', /HTTP 500/],
  ['clock in step', clockLine(CLOCK_WARN_MS), 'ok', /120 с/],
  ['clock behind', clockLine(CLOCK_WARN_MS + 1000), 'warn', /отстают от реестра на 121 с/],
  ['clock ahead', clockLine(-(CLOCK_WARN_MS + 1000)), 'warn', /спешат .* на 121 с/],
  ['clock unknown', clockLine(null), 'warn', /Не сверены/],
  ['reader open', portLine('reader', { kind: 'open', path: 'COM3' }), 'ok', /COM3 открыт/],
  ['reader not configured', portLine('reader', { kind: 'not_configured' }), 'warn', /не задан/],
  ['reader connecting', portLine('reader', { kind: 'connecting', path: 'COM3' }), 'warn', /Подключение/],
  ['reader not found', portLine('reader', { kind: 'not_found', path: 'COM3' }), 'fail', /Порта COM3 нет/],
  ['printer busy', portLine('printer', { kind: 'busy', path: 'COM4' }), 'fail', /занят/],
  ['printer port error', portLine('printer', { kind: 'error', path: 'COM4', message: 'bad' }), 'fail', /COM4: bad/],
  ['printer ready', printerStatusLine({ kind: 'ready' }), 'ok', /готов/],
  ['printer problem', printerStatusLine({ kind: 'problem', message: 'Нет бумаги.' }), 'fail', /Нет бумаги/],
  ['printer silent', printerStatusLine({ kind: 'silent' }), 'fail', /не ответил/],
  ['printer not asked', printerStatusLine({ kind: 'not_asked' }), 'fail', /Не спрошен/],
  ['updates not configured', updateFeedLine({ kind: 'not_configured' }), 'ok', /updateUrl/],
  ['updates reachable', updateFeedLine({ kind: 'reachable', url: 'https://u/' }), 'ok', /отвечает/],
  ['updates unreachable', updateFeedLine({ kind: 'unreachable', url: 'https://u/', detail: 'HTTP 404' }), 'fail', /HTTP 404/],
  [
    'versions',
    versionsLine({ app: '1.2.3', node: '20.1.0', electron: '45.4.1', schema: 7 }),
    'ok',
    /Окно 1\.2\.3, Node\.js 20\.1\.0, Electron 45\.4\.1, схема 7/,
  ],
  ['seal on Windows', sealBackendLine({ platform: 'win32', available: true }), 'ok', /DPAPI/],
  ['seal gnome', sealBackendLine({ platform: 'linux', available: true, backend: 'gnome_libsecret' }), 'ok', /gnome_libsecret/],
  ['seal basic_text', sealBackendLine({ platform: 'linux', available: true, backend: 'basic_text' }), 'fail', /basic_text/],
  ['seal unavailable', sealBackendLine({ platform: 'linux', available: false }), 'fail', /недоступно/],
  ['seal unavailable on Windows', sealBackendLine({ platform: 'win32', available: false }), 'fail', /недоступно/],
  ['ipc ok', ipcLine({ ok: true, ms: 3 }), 'ok', /3 мс/],
  ['ipc failed', ipcLine({ ok: false, detail: 'timeout' }), 'fail', /timeout/],
  ['pdf ok', printPdfLine({ ok: true, bytes: 2048 }), 'ok', /2048/],
  ['pdf failed', printPdfLine({ ok: false, detail: 'no printer' }), 'fail', /no printer/],
  ['updater none', updaterLine(null), 'ok', /Без автообновления/],
  ['updater downloaded', updaterLine({ status: 'downloaded', version: '1.3.0' }), 'ok', /1\.3\.0 загружена — установится при закрытии/],
  ['updater error', updaterLine({ status: 'error', message: 'ERR', code: null }), 'warn', /ERR/],
  ['updater disabled', updaterLine({ status: 'disabled', reason: 'MSI.' }), 'ok', /MSI/],
];

describe('readiness lines', () => {
  it.each(cases)('%s', (_name, built, status, text) => {
    expect(built.status).toBe(status);
    expect(built.text.ru).toMatch(text);
    // Both languages, and a line not in order says what to do in both.
    expect(built.text.be.length).toBeGreaterThan(0);
    expect(built.title.be.length).toBeGreaterThan(0);
    if (status === 'ok') expect(built.todo).toBeNull();
    else {
      expect(built.todo?.ru.length).toBeGreaterThan(10);
      expect(built.todo?.be.length).toBeGreaterThan(10);
    }
  });

  it('Belarusian texts are not the Russian ones copied (except figures and names)', () => {
    const same = cases.filter(([, l]) => l.status !== 'ok' && l.todo?.ru === l.todo?.be).map(([name]) => name);
    expect(same).toEqual([]);
  });

  it('a line that is not in order without what to do is a bug', () => {
    expect(() => line('x', 'fail', both('a', 'a'), both('b', 'b'))).toThrow(/without what to do/);
  });

  it('warnings do not make a desk unready; a failure does', () => {
    const at = new Date('2026-12-05T07:00:00Z');
    const warn = clockLine(null);
    const ok = clockLine(0);
    expect(summarize(at, [ok, warn])).toMatchObject({ ready: true, at: '2026-12-05T07:00:00.000Z' });
    expect(summarize(at, [ok, warn, tokenLine({ kind: 'missing' })]).ready).toBe(false);
  });
});
