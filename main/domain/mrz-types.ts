/**
 * MRZ (ICAO 9303) result types and codes, shared by the parser (mrz.ts) and its field readers
 * (mrz-fields.ts). Pure: no I/O.
 */
import type { IdNumberErrorCode, IdNumberWarningCode, Sex } from '../../preload/contract/id-number';

export const mrzFormats = ['TD1', 'TD2', 'TD3'] as const;
export type MrzFormat = (typeof mrzFormats)[number];

export const mrzErrorCodes = [
  // shape of the input
  'empty',
  'line_count',
  'line_length',
  // characters
  'cyrillic_characters',
  'lowercase',
  'bad_character',
  // ICAO check digits
  'document_number_check_digit',
  'birth_date_check_digit',
  'expiry_date_check_digit',
  'personal_number_check_digit',
  'composite_check_digit',
  // field contents
  'document_code_invalid',
  'document_number_invalid',
  'issuing_state_invalid',
  'nationality_invalid',
  'birth_date_invalid',
  'sex_invalid',
  'expiry_date_invalid',
  'name_invalid',
  // business rules (DOMAIN.md 1.5, 3): a check-digit-correct MRZ can still fail these
  'document_expired',
  'id_number_missing',
  'id_number_invalid',
  'id_number_check_digit',
  'birth_date_mismatch',
  'sex_mismatch',
] as const;
export type MrzErrorCode = (typeof mrzErrorCodes)[number];

/**
 * Errors a clerk may override after comparing with the document, with a reason recorded by the
 * caller (DOMAIN.md 3.2, 3.4). Pass them in `options.override` to get them back as warnings.
 */
export const mrzOverridableErrorCodes = ['id_number_check_digit', 'birth_date_mismatch', 'sex_mismatch'] as const;
export type MrzOverridableErrorCode = (typeof mrzOverridableErrorCodes)[number];

export const mrzWarningCodes = ['name_truncated', 'birth_date_unknown', 'birth_date_mismatch', 'sex_mismatch'] as const;
export type MrzWarningCode = (typeof mrzWarningCodes)[number];

export type MrzError = {
  code: MrzErrorCode;
  /** Russian, says what to do; never contains MRZ characters or field values. */
  message: string;
  /** 1-based line of the MRZ. */
  line?: number;
  /** 1-based character position within `line`. */
  position?: number;
  /** For id_number_invalid / id_number_check_digit: the identification-number rule that failed. */
  idNumberError?: IdNumberErrorCode;
};

export type MrzWarning = { code: MrzWarningCode | IdNumberWarningCode; message: string };

export type MrzDocument = {
  format: MrzFormat;
  /** Fillers removed: 'P', 'PP', 'I', 'ID', 'IR'. */
  documentCode: string;
  /** ICAO code as printed, fillers removed ('BLR', 'D', 'UTO'); not checked against a country list. */
  issuingState: string;
  /** Full document number, fillers removed; a long number is joined with its overflow. */
  documentNumber: string;
  /** Series of a Belarusian passport (the 2 letters of 'MP1234567'); absent otherwise. */
  series?: string;
  /** documentNumber without the series. */
  number: string;
  /** TD1 optional data 1, TD2 optional data, TD3 personal-number field; '<' shown as space, end trimmed. */
  optionalData1: string;
  /** TD1 optional data 2; '' for TD2/TD3. */
  optionalData2: string;
};

export type MrzPerson = {
  surnameLatin: string;
  givenNamesLatin: string;
  /** The name field is full to its last character, so the MRZ name may be cut short. */
  namesMayBeTruncated: boolean;
  /** 'YYYY-MM-DD'; the century comes from the ID number when there is one. Null when the MRZ leaves it unknown. */
  birthDate: string | null;
  /** Null when the MRZ says unspecified and no ID number tells. */
  sex: Sex | null;
  nationality: string;
  /** The Belarusian identification number (= UID); null for documents not issued by an `idNumberStates` state. */
  idNumber: string | null;
};

export type MrzResult =
  | { ok: true; document: MrzDocument; person: MrzPerson; expiresAt: string; warnings: MrzWarning[] }
  /** `error` is the one to show; `errors` holds everything found at the same stage (error === errors[0]). */
  | { ok: false; error: MrzError; errors: MrzError[]; refused?: MrzRefusedRead };

/**
 * A well-read MRZ that business rules refuse (expired, ID number problems): what it says about the
 * document and the holder, so that the clerk sees which document was refused. Never in messages.
 */
export type MrzRefusedRead = {
  document: MrzDocument;
  person: Pick<MrzPerson, 'surnameLatin' | 'givenNamesLatin' | 'nationality'>;
  expiresAt: string;
};

export type MrzParseOptions = {
  /** 'YYYY-MM-DD' local calendar date: expiry is checked against it, and two-digit years pivot around it. */
  today: string;
  /** Errors the clerk has overridden (see mrzOverridableErrorCodes). */
  override?: readonly MrzOverridableErrorCode[];
  /** Issuing states whose documents must carry an identification number. Default: ['BLR']. */
  idNumberStates?: readonly string[];
};
