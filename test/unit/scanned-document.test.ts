/** What a good MRZ read fills in the form (main/devices/scanned-document.ts). */
import { describe, expect, it } from 'vitest';
import { parseMrz, type MrzDocument } from '../../main/domain/mrz';
import { documentTypeOf, refusedDocument, scannedDocument } from '../../main/devices/scanned-document';

const TD1 = 'IDBLRAB123456713270287A012PB2<\n8702274M3109018BLR<<<<<<<<<<<2\nIVANOU<<IVAN<<<<<<<<<<<<<<<<<<';
const TD3 = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702274M30011563270287A012PB284';

const doc = (over: Partial<MrzDocument>): MrzDocument => ({
  format: 'TD1',
  documentCode: 'I',
  issuingState: 'BLR',
  documentNumber: 'AB1234567',
  number: 'AB1234567',
  optionalData1: '',
  optionalData2: '',
  ...over,
});

describe('documentTypeOf', () => {
  it.each([
    ['Belarusian passport (TD3, P)', doc({ format: 'TD3', documentCode: 'P' }), 'BLR', 'passport_by'],
    ['Belarusian passport, code PP', doc({ format: 'TD3', documentCode: 'PP' }), 'BLR', 'passport_by'],
    ['Belarusian ID card (TD1, I, citizen)', doc({}), 'BLR', 'id_card_by'],
    ['Belarusian ID card, code ID', doc({ documentCode: 'ID' }), 'BLR', 'id_card_by'],
    ['biometric residence permit (TD1, I, foreigner)', doc({ documentCode: 'IR' }), 'RUS', 'biometric_residence_permit_by'],
    ['stateless holder of a residence card', doc({ documentCode: 'I' }), 'XXA', 'biometric_residence_permit_by'],
    ['a foreign passport', doc({ format: 'TD3', documentCode: 'P', issuingState: 'POL' }), 'POL', undefined],
    ['a Belarusian TD2 card (type unknown here)', doc({ format: 'TD2', documentCode: 'I' }), 'BLR', undefined],
    ['a Belarusian visa-like code', doc({ format: 'TD3', documentCode: 'V' }), 'BLR', undefined],
  ] as const)('%s', (_name, document, nationality, expected) => {
    expect(documentTypeOf(document, { nationality })).toBe(expected);
  });
});

describe('scannedDocument', () => {
  it('a Belarusian passport: series split from the number, everything the form needs', () => {
    const read = parseMrz(TD3, { today: '2026-11-23' });
    if (!read.ok) throw new Error(read.error.message);
    expect(scannedDocument(read)).toEqual({
      idNumber: '3270287A012PB2',
      surnameLatin: 'IVANOU',
      givenNamesLatin: 'IVAN',
      birthDate: '1987-02-27',
      sex: 'M',
      citizenship: 'BLR',
      documentType: 'passport_by',
      series: 'MP',
      number: '1234567',
      expiresAt: '2030-01-15',
      warnings: [],
    });
  });

  it('an ID card: no series, the whole number', () => {
    const read = parseMrz(TD1, { today: '2026-11-23' });
    if (!read.ok) throw new Error(read.error.message);
    const filled = scannedDocument(read);
    expect(filled).toMatchObject({ documentType: 'id_card_by', idNumber: '3270287A012PB2', expiresAt: '2031-09-01' });
    expect(filled.series).toBeUndefined();
    expect(filled.number).toMatch(/^[A-Z0-9]+$/);
  });
});

describe('refusedDocument: read well but refused (issue 16)', () => {
  /** NBY12 in docs/design/vectors.md: every check digit right, expired on 15.01.2019. */
  const EXPIRED = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702274M19011593270287A012PB288';

  it('an expired passport: which document and why, nothing the form would fill from', () => {
    const read = parseMrz(EXPIRED, { today: '2026-11-23' });
    expect(read.ok).toBe(false);
    if (read.ok || read.refused === undefined) throw new Error('expected a refused read');
    expect(read.error.code).toBe('document_expired');
    expect(refusedDocument(read.refused, read.error.code)).toEqual({
      surnameLatin: 'IVANOU',
      givenNamesLatin: 'IVAN',
      citizenship: 'BLR',
      documentType: 'passport_by',
      series: 'MP',
      number: '1234567',
      expiresAt: '2019-01-15',
      warnings: [],
      refusal: { code: 'document_expired', date: '2019-01-15' },
    });
  });

  it('a reason that is not a refusal code gives nothing', () => {
    const read = parseMrz(EXPIRED, { today: '2026-11-23' });
    if (read.ok || read.refused === undefined) throw new Error('expected a refused read');
    expect(refusedDocument(read.refused, 'id_number_invalid')).toBeNull();
  });

  it.each([
    [
      'a misread (check digit) carries no read',
      'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702275M30011563270287A012PB284',
    ],
    ['an unreadable line count carries no read', 'P<BLR'],
  ])('%s', (_name, mrz) => {
    const read = parseMrz(mrz, { today: '2026-11-23' });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.refused).toBeUndefined();
  });
});
