/**
 * What a good MRZ read fills in the application form (ScannedDocument in the contract). The
 * document type is inferred only where the MRZ tells it for sure: Belarusian documents by their
 * code and format; for anything else the clerk chooses.
 */
import type { DocumentType, ScannedDocument } from '../../preload/contract';
import type { MrzDocument, MrzPerson, MrzResult } from '../domain/mrz';

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
