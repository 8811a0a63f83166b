/** The demo's MRZ maker: every demo person's every document reads back through the real MRZ parser. */
import { describe, expect, it } from 'vitest';
import { parseMrz } from '../../main/domain/mrz';
import { loadDemoPeople } from '../central/demo-people';
import { mrzOf, transliterate } from '../simulators/mrz-make';

describe('transliterate (ICAO 9303 Cyrillic)', () => {
  it.each([
    ['Ковалёв', 'KOVALEV'],
    ['Шевчук', 'SHEVCHUK'],
    ['Соловьёва', 'SOLOVEVA'],
    ['Алёна', 'ALENA'],
    ['Жук', 'ZHUK'],
    ['Анна-Мария', 'ANNA<MARIIA'],
  ])('%s → %s', (name, latin) => expect(transliterate(name)).toBe(latin));
});

describe('mrzOf', () => {
  const people = loadDemoPeople();
  const cases = people.flatMap((p) => p.documents.map((d) => [`${p.surname} ${d.type} ${d.series ?? ''}${d.number}`, p, d] as const));
  it.each(cases)('%s reads back', (_name, person, document) => {
    const read = parseMrz(mrzOf(person, document), { today: '2026-01-01' });
    if (document.expiresAt < '2026-01-01') {
      expect(read).toMatchObject({ ok: false, error: { code: 'document_expired' } });
      return;
    }
    if (!read.ok) throw new Error(`${read.error.code}: ${read.error.message}`);
    expect(read.person).toMatchObject({ idNumber: person.idNumber, birthDate: person.birthDate, sex: person.sex });
    expect(read.document.documentNumber).toBe(`${document.series ?? ''}${document.number}`);
    expect(read.expiresAt).toBe(document.expiresAt);
  });
});
