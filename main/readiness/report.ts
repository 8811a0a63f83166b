/** The printable plain-text report of `npm run selftest` (Russian; Minsk time). */
import { minskDateTimeText } from '../domain/minsk-time';
import type { ReadinessReport, ReadinessStatus } from './line';

const MARK: Record<ReadinessStatus, string> = { ok: '[ OK ]', warn: '[ВНИМ]', fail: '[СБОЙ]' };

export function readinessText(report: ReadinessReport, header: { dataDir: string; configFile: string | null }): string {
  const out = [
    'Окно — проверка рабочего места',
    `Время проверки: ${minskDateTimeText(report.at)} (Минск)`,
    `Папка данных: ${header.dataDir}`,
    `Файл конфигурации: ${header.configFile ?? 'нет'}`,
    '',
  ];
  for (const l of report.lines) {
    out.push(`${MARK[l.status]} ${l.title.ru}: ${l.text.ru}`);
    if (l.todo) out.push(`       Что сделать: ${l.todo.ru}`);
  }
  const failed = report.lines.filter((l) => l.status === 'fail').length;
  const warned = report.lines.filter((l) => l.status === 'warn').length;
  out.push('');
  out.push(
    report.ready
      ? `ИТОГ: рабочее место готово${warned > 0 ? ` (замечаний: ${warned})` : ''}.`
      : `ИТОГ: рабочее место НЕ готово — сбоев: ${failed}${warned > 0 ? `, замечаний: ${warned}` : ''}.`,
  );
  return out.join('\n') + '\n';
}
