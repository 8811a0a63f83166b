import { describe, expect, it } from 'vitest';
import { labelDate, labelFromSummary, procedureLabelNames, type LabelModel } from '../../main/documents/label';
import { escapeFieldData, renderLabelSvg, renderLabelZpl, unescapeFieldData } from '../../main/devices/zpl';
import { code128BBars } from '../../main/devices/code128';

const model: LabelModel = { journalNo: '2025/000123', procedure: 'Выдача УИ', date: '05.03.2025', clerkName: 'Иванова А. С.' };

describe('label model', () => {
  const summary = {
    id: '6f1c1b8e-8f57-4a36-9f0e-3f2b8a1d2c4e',
    journalNo: '2025/000042',
    procedure: 'change_phone' as const,
    state: 'draft' as const,
    createdAt: '2025-03-04T21:30:00.000Z', // 00:30 on 05.03 in Minsk (UTC+3)
    updatedAt: '2025-03-04T21:30:00.000Z',
    clerkId: 'c1',
    clerkName: 'Петров П. П.',
    idMasked: '3270287A***PB2',
    phoneConfirmation: 'sms_code' as const,
    refusalReasons: null,
  };

  it('takes the journal number, procedure name, Minsk date and clerk — nothing else', () => {
    const label = labelFromSummary(summary);
    expect(label).toEqual({ journalNo: '2025/000042', procedure: 'Смена телефона', date: '05.03.2025', clerkName: 'Петров П. П.' });
    expect(Object.keys(label).sort()).toEqual(['clerkName', 'date', 'journalNo', 'procedure']);
    expect(JSON.stringify(label)).not.toContain('3270287');
    expect(renderLabelZpl(label)).not.toContain('3270287');
  });

  it('names every procedure in Russian', () => {
    expect(procedureLabelNames).toEqual({
      issue: 'Выдача УИ',
      block: 'Блокировка УИ',
      unblock: 'Разблокировка УИ',
      change_phone: 'Смена телефона',
      reset_password: 'Новый пароль',
    });
  });

  it('dates are DD.MM.YYYY on the Minsk calendar; an explicit instant wins', () => {
    expect(labelDate(new Date('2024-12-31T21:00:00Z'))).toBe('01.01.2025');
    expect(labelDate(new Date('2024-12-31T20:59:59Z'))).toBe('31.12.2024');
    expect(labelFromSummary(summary, new Date('2025-06-10T08:00:00Z')).date).toBe('10.06.2025');
  });
});

describe('ZPL', () => {
  const zpl = renderLabelZpl(model);

  it('is one format starting with ^XA^CI28 and ending with ^XZ', () => {
    expect(zpl.replace(/\n/g, '')).toMatch(/^\^XA\^CI28.*\^XZ$/);
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
  });

  it('has the Code 128 barcode of the journal number', () => {
    expect(zpl).toContain('^BY2^BCN,80,Y,N,N^FH_^FD2025/000123^FS');
  });

  it('writes Cyrillic text fields in UTF-8 with a scalable TrueType font', () => {
    for (const text of ['Выдача УИ', '05.03.2025', 'Иванова А. С.']) {
      expect(zpl).toMatch(new RegExp(`\\^A@N,\\d+,\\d+,E:TT0003M_\\.TTF\\^FH_\\^FD${text.replace(/\./g, '\\.')}\\^FS`));
    }
    expect(zpl).not.toMatch(/\^A0/);
    expect(renderLabelZpl(model, { font: 'E:ARIALR.TTF' })).toContain('^A@N,36,36,E:ARIALR.TTF');
  });

  it('escapes ^, ~ and the hex indicator in data, so data cannot become a command', () => {
    const evil = renderLabelZpl({ ...model, clerkName: 'A^XZ~JR_b\nc', journalNo: '2025/^1' });
    expect(evil).toContain('^FDA_5EXZ_7EJR_5Fb c^FS');
    expect(evil).toContain('^FD2025/_5E1^FS');
    expect(evil.match(/\^XZ/g)).toHaveLength(1);
    expect(evil).not.toContain('~JR');
  });

  it('escape and unescape are inverse', () => {
    for (const s of ['', 'plain', '^~_', 'Ёлка_^~ёж', '__5E']) expect(unescapeFieldData(escapeFieldData(s))).toBe(s);
    expect(escapeFieldData('a\u0001b')).toBe('a b');
  });
});

describe('SVG preview', () => {
  const svg = renderLabelSvg(model);

  it('draws the real Code 128 B bars of the journal number at 2 dots per module', () => {
    const rects = [...svg.matchAll(/<rect x="(\d+)" y="64" width="(\d+)" height="80"\/>/g)].map((m) => ({
      x: Number(m[1]),
      w: Number(m[2]),
    }));
    const bars = code128BBars(model.journalNo);
    expect(rects).toEqual(bars.map((b) => ({ x: 24 + b.x * 2, w: b.width * 2 })));
  });

  it('shows the texts, XML-escaped', () => {
    expect(svg).toContain('>Выдача УИ</text>');
    expect(svg).toContain('>2025/000123</text>');
    expect(renderLabelSvg({ ...model, clerkName: '<b>&"' })).toContain('&lt;b&gt;&amp;&quot;');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});
