/**
 * What a good MRZ read fills in the application form (ScannedDocument in the contract). The
 * document type is inferred only where the MRZ tells it for sure: Belarusian documents by their
 * code and format; for anything else the clerk chooses.
 */
import { scanRefusalCodes, type DocumentType, type ScanRefusalCode, type ScannedDocument } from '../../preload/contract';
import type { MrzDocument, MrzPerson, MrzRefusedRead, MrzResult } from '../domain/mrz';

type MrzRead = Extract<MrzResult, { ok: true }>;

export function documentTypeOf(document: MrzDocument, person: Pick<MrzPerson, 'nationality'>): DocumentType | undefined {
  if (document.issuingState !== 'BLR') return undefined;
  if (document.documentCode.startsWith('P')) return 'passport_by';
  // The ID card and the biometric residence permit share the TD1 card: the holder's nationality tells them apart.
  if (document.format === 'TD1' && document.documentCode.startsWith('I')) {
    return person.nationality === 'BLR' ? 'id_card_by' : 'biometric_residence_permit_by';
  }
  return undefined;
}

export function scannedDocument(read: MrzRead): ScannedDocument {
  const { document, person } = read;
  const out: ScannedDocument = {
    surnameLatin: person.surnameLatin,
    givenNamesLatin: person.givenNamesLatin,
    citizenship: person.nationality,
    number: document.number,
    expiresAt: read.expiresAt,
    warnings: read.warnings.map((w) => w.message),
  };
  if (person.idNumber !== null) out.idNumber = person.idNumber;
  if (person.birthDate !== null) out.birthDate = person.birthDate;
  if (person.sex !== null) out.sex = person.sex;
  const type = documentTypeOf(document, person);
  if (type !== undefined) out.documentType = type;
  if (document.series !== undefined) out.series = document.series;
  return out;
}

const isRefusalCode = (code: string): code is ScanRefusalCode => (scanRefusalCodes as readonly string[]).includes(code);

/**
 * A document read well but refused (`code`, the read's first error): what identifies it for the
 * clerk (type, series and number, names, expiry) with the refusal, and nothing the form would fill
 * from (no ID number, birth date or sex). Null for reasons that are not refusals of a good read.
 */
export function refusedDocument(refused: MrzRefusedRead, code: string): ScannedDocument | null {
  if (!isRefusalCode(code)) return null;
  const { document, person } = refused;
  const out: ScannedDocument = {
    surnameLatin: person.surnameLatin,
    givenNamesLatin: person.givenNamesLatin,
    citizenship: person.nationality,
    number: document.number,
    expiresAt: refused.expiresAt,
    warnings: [],
    refusal: { code, date: refused.expiresAt },
  };
  const type = documentTypeOf(document, person);
  if (type !== undefined) out.documentType = type;
  if (document.series !== undefined) out.series = document.series;
  return out;
}
