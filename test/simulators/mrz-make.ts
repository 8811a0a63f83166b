/**
 * Makes the MRZ a document of a registry person would carry (ICAO 9303: TD3 for a passport, TD1
 * for an ID card or residence card), so the demo's simulated reader can "scan" the demo people.
 * Names are transliterated with the ICAO 9303 table for Cyrillic.
 */
import { computeCheckDigit } from '../../preload/contract/check-digit';
import type { RegistryDocument, RegistryPerson } from '../central/registry';

const ICAO: Record<string, string> = {
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Д: 'D',
  Е: 'E',
  Ё: 'E',
  Ж: 'ZH',
  З: 'Z',
  И: 'I',
  Й: 'I',
  К: 'K',
  Л: 'L',
  М: 'M',
  Н: 'N',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  У: 'U',
  Ў: 'U',
  Ф: 'F',
  Х: 'KH',
  Ц: 'TS',
  Ч: 'CH',
  Ш: 'SH',
  Щ: 'SHCH',
  Ъ: 'IE',
  Ы: 'Y',
  Ь: '',
  Э: 'E',
  Ю: 'IU',
  Я: 'IA',
  І: 'I',
};

/** 'Ковалёв' → 'KOVALEV'; spaces and hyphens become '<'. */
export function transliterate(name: string): string {
  return [...name.toUpperCase()].map((c) => (c === ' ' || c === '-' ? '<' : (ICAO[c] ?? (/[A-Z]/.test(c) ? c : '')))).join('');
}

const pad = (text: string, length: number) => (text + '<'.repeat(length)).slice(0, length);
const yymmdd = (iso: string) => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
const check = (field: string) => String(computeCheckDigit(field));
const names = (p: RegistryPerson, length: number) => pad(`${transliterate(p.surname)}<<${transliterate(p.givenNames)}`, length);

function td3(p: RegistryPerson, d: RegistryDocument): string {
  const number = pad(`${d.series ?? ''}${d.number}`, 9);
  const birth = yymmdd(p.birthDate);
  const expiry = yymmdd(d.expiresAt);
  const personal = pad(p.idNumber, 14);
  const line1 = pad(`P<BLR${names(p, 39)}`, 44);
  const body = `${number}${check(number)}${p.citizenship}${birth}${check(birth)}${p.sex}${expiry}${check(expiry)}${personal}${check(personal)}`;
  const composite = body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43);
  return `${line1}\n${body}${check(composite)}`;
}

function td1(p: RegistryPerson, d: RegistryDocument): string {
  const number = pad(`${d.series ?? ''}${d.number}`, 9);
  const birth = yymmdd(p.birthDate);
  const expiry = yymmdd(d.expiresAt);
  const line1 = `I<BLR${number}${check(number)}${pad(p.idNumber, 15)}`;
  const line2start = `${birth}${check(birth)}${p.sex}${expiry}${check(expiry)}${p.citizenship}${'<'.repeat(11)}`;
  const composite = line1.slice(5, 30) + line2start.slice(0, 7) + line2start.slice(8, 15) + line2start.slice(18, 29);
  return `${line1}\n${line2start}${check(composite)}\n${names(p, 30)}`;
}

/** The MRZ text (lines separated by '\n') of one of the person's documents. */
export function mrzOf(person: RegistryPerson, document: RegistryDocument): string {
  return document.type === 'passport_by' ? td3(person, document) : td1(person, document);
}
