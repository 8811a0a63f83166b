/**
 * The registry of known citizens that the reference central server checks submissions against
 * (the Ministry of Internal Affairs check, DESIGN.md §5), and the matching rule.
 *
 * File format: a JSON array of people as in DESIGN.md §5, with two optional extensions of this
 * reference server: `uid` for a person who already has one, and `invalid: true` on a document that
 * was declared invalid (lost, stolen), which is refused with DOCUMENT_INVALID.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DocumentType, IdNumber, Phone } from '../../main/central/schemas';
import { checkIdNumber, ID_NUMBER_PATTERN } from '../../preload/contract/id-number';

/** The people of demos and manual runs (see demo-people.ts for who is who). */
export const demoRegistryFile = fileURLToPath(new URL('./demo-registry.json', import.meta.url));

const isoDate = z.iso.date();

/** The product's rule (id-number.ts): false only when the 14th character is not the 7-3-1 check digit of the first 13. */
function checkDigitHolds(idNumber: string): boolean {
  const check = checkIdNumber(idNumber);
  return check.ok || !check.errors.some((e) => e.code === 'check_digit');
}

/**
 * central-api.yaml `IdNumber` as the registry enforces it on input: the pattern and the check digit
 * (DOMAIN.md 3.2). The birth date and the other parts are for the person check (decide.ts), not here.
 * A number off the pattern gets only the pattern's problem.
 */
export const RegistryIdNumber = IdNumber.refine((value) => !ID_NUMBER_PATTERN.test(value) || checkDigitHolds(value), {
  message: 'The check digit (character 14) does not match the first 13 characters',
  params: { code: 'check_digit' },
});

export const RegistryDocument = z.strictObject({
  type: DocumentType,
  series: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  number: z.string().regex(/^[A-Z0-9]{1,20}$/),
  issuedAt: isoDate.optional(),
  expiresAt: isoDate,
  issuer: z.string().max(200).optional(),
  invalid: z.boolean().optional(),
});
export type RegistryDocument = z.infer<typeof RegistryDocument>;

export const UidRecord = z.strictObject({
  state: z.enum(['active', 'blocked']),
  phone: Phone,
  assignedAt: z.iso.datetime({ offset: true }),
});
export type UidRecord = z.infer<typeof UidRecord>;

export const RegistryPerson = z.strictObject({
  idNumber: IdNumber,
  surname: z.string().min(1).max(100),
  givenNames: z.string().min(1).max(100),
  patronymic: z.string().max(100).optional(),
  birthDate: isoDate,
  sex: z.enum(['M', 'F']),
  citizenship: z.string().regex(/^[A-Z]{3}$/),
  documents: z.array(RegistryDocument).min(1),
  uid: UidRecord.optional(),
});
export type RegistryPerson = z.infer<typeof RegistryPerson>;

export type RegistryLoad = { ok: true; people: RegistryPerson[] } | { ok: false; error: string };

/**
 * Validates a registry: each entry against the schema, the identification number's check digit,
 * birth date and sex against the number, no number twice, no phone on two UIDs. The error names
 * the source and the entry (index and, when readable, its identification number).
 */
export function parseRegistry(data: unknown, source: string): RegistryLoad {
  if (!Array.isArray(data)) return { ok: false, error: `Registry ${source}: expected a JSON array of people` };
  const people: RegistryPerson[] = [];
  const byId = new Map<string, number>();
  const phones = new Map<string, number>();
  for (const [index, entry] of data.entries()) {
    const rawId: unknown = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['idNumber'] : undefined;
    const where = `Registry ${source}: entry ${index}${typeof rawId === 'string' ? ` (${rawId})` : ''}`;
    const parsed = RegistryPerson.safeParse(entry);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(entry)'}: ${i.message}`);
      return { ok: false, error: `${where}: ${issues.join('; ')}` };
    }
    const person = parsed.data;
    const check = checkIdNumber(person.idNumber);
    if (!check.ok) return { ok: false, error: `${where}: idNumber: ${check.error.code}` };
    if (check.birthDate !== person.birthDate) {
      return { ok: false, error: `${where}: birthDate ${person.birthDate} disagrees with the identification number (${check.birthDate})` };
    }
    if (check.sex !== person.sex) return { ok: false, error: `${where}: sex ${person.sex} disagrees with the identification number` };
    const earlier = byId.get(person.idNumber);
    if (earlier !== undefined) return { ok: false, error: `${where}: the same idNumber as entry ${earlier}` };
    byId.set(person.idNumber, index);
    if (person.uid !== undefined) {
      const holder = phones.get(person.uid.phone);
      if (holder !== undefined) return { ok: false, error: `${where}: uid.phone is already the phone of entry ${holder}'s UID` };
      phones.set(person.uid.phone, index);
    }
    people.push(person);
  }
  return { ok: true, people };
}

export function loadRegistryFile(file: string): RegistryLoad {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, error: `Registry ${file}: cannot read: ${error instanceof Error ? error.message : String(error)}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Registry ${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  return parseRegistry(data, file);
}

/** Names compare trimmed, with inner spaces collapsed, case-folded and with ё = е (DESIGN.md §5). */
export function foldName(value: string | undefined): string {
  return (value ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase().replace(/ё/g, 'е');
}

/** Series and number as one string, so 'MP' + '1234567' matches a number written 'MP1234567'. */
export const fullDocumentNumber = (doc: { series?: string | undefined; number: string }): string =>
  `${doc.series ?? ''}${doc.number}`.toUpperCase().replace(/\s+/g, '');

export type RegistryMatch =
  { matched: true; person: RegistryPerson; document: RegistryDocument } | { matched: false; person: RegistryPerson | undefined };

/**
 * A submission matches its person when the identification number is known, the names and birth
 * date agree and the document (series + number) is one of theirs.
 */
export function matchPerson(
  people: ReadonlyMap<string, RegistryPerson>,
  submission: {
    idNumber: string;
    person: { surname: string; givenNames: string; patronymic?: string | undefined; birthDate: string };
    document: { series?: string | undefined; number: string };
  },
): RegistryMatch {
  const person = people.get(submission.idNumber);
  if (person === undefined) return { matched: false, person };
  const same =
    foldName(person.surname) === foldName(submission.person.surname) &&
    foldName(person.givenNames) === foldName(submission.person.givenNames) &&
    foldName(person.patronymic) === foldName(submission.person.patronymic) &&
    person.birthDate === submission.person.birthDate;
  const wanted = fullDocumentNumber(submission.document);
  const document = person.documents.find((d) => fullDocumentNumber(d) === wanted);
  return same && document !== undefined ? { matched: true, person, document } : { matched: false, person };
}
