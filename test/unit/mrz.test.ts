import { describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../preload/contract/check-digit';
import {
  mrzErrorCodes,
  parseMrz,
  splitMrzLines,
  type MrzDocument,
  type MrzError,
  type MrzErrorCode,
  type MrzPerson,
  type MrzResult,
} from '../../main/domain/mrz';

/** A fixed "today" for vectors whose outcome does not depend on the date. */
const TODAY = '2025-11-23';

type ValidVector = {
  id: string;
  lines: string[];
  document: Omit<MrzDocument, 'number' | 'series'>;
  person: Omit<MrzPerson, 'namesMayBeTruncated'>;
  expiresAt: string;
};

type InvalidVector = { id: string; lines: string[]; code: MrzErrorCode; line?: number; also?: MrzErrorCode[] };

/**
 * vectors.md sections B and C, transcribed from the cheminfo `mrz` fields: state null (unknown to
 * cheminfo) is the printed code (UTO); dates become ISO; optional data keep cheminfo's '<' → space.
 * Expiry centuries are the real ones; birth centuries follow our pivot (never after the expiry day).
 */
const validVectors: ValidVector[] = [
  {
    id: 'P01_icao_utopia_td3',
    lines: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
    document: {
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'UTO',
      documentNumber: 'L898902C3',
      optionalData1: 'ZE184226B',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'ERIKSSON',
      givenNamesLatin: 'ANNA MARIA',
      birthDate: '1974-08-12',
      sex: 'F',
      nationality: 'UTO',
      idNumber: null,
    },
    expiresAt: '2012-04-15',
  },
  {
    id: 'P02_de_mustermann_td3',
    lines: ['P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<', 'C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0'],
    document: { format: 'TD3', documentCode: 'P', issuingState: 'D', documentNumber: 'C01X0006H', optionalData1: '', optionalData2: '' },
    person: { surnameLatin: 'MUSTERMANN', givenNamesLatin: 'ERIKA', birthDate: '1964-08-12', sex: 'F', nationality: 'D', idNumber: null },
    expiresAt: '2017-10-31',
  },
  {
    id: 'P03_chn_po_td3',
    lines: ['POCHNABULIKEMU<<ABULA<<<<<<<<<<<<<<<<<<<<<<<', 'E596593216CHN9701078M2510077LAKCLCLMMBKGG932'],
    document: {
      format: 'TD3',
      documentCode: 'PO',
      issuingState: 'CHN',
      documentNumber: 'E59659321',
      optionalData1: 'LAKCLCLMMBKGG9',
      optionalData2: '',
    },
    person: { surnameLatin: 'ABULIKEMU', givenNamesLatin: 'ABULA', birthDate: '1997-01-07', sex: 'M', nationality: 'CHN', idNumber: null },
    expiresAt: '2025-10-07',
  },
  {
    id: 'P04_chn_pt_td3',
    lines: ['PTCHNCESHI<<YANGBEN<<<<<<<<<<<<<<<<<<<<<<<<<', 'G622925996CHN8310291F1904220LCOCMKNENBPJB984'],
    document: {
      format: 'TD3',
      documentCode: 'PT',
      issuingState: 'CHN',
      documentNumber: 'G62292599',
      optionalData1: 'LCOCMKNENBPJB9',
      optionalData2: '',
    },
    person: { surnameLatin: 'CESHI', givenNamesLatin: 'YANGBEN', birthDate: '1983-10-29', sex: 'F', nationality: 'CHN', idNumber: null },
    expiresAt: '2019-04-22',
  },
  {
    id: 'P05_ukr_td3',
    lines: ['P<UKRTKACHENKO<<MARIANA<<<<<<<<<<<<<<<<<<<<<', 'XX000000<0UKR9108242F23092571234567890<<<<70'],
    document: {
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'UKR',
      documentNumber: 'XX000000',
      optionalData1: '1234567890',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'TKACHENKO',
      givenNamesLatin: 'MARIANA',
      birthDate: '1991-08-24',
      sex: 'F',
      nationality: 'UKR',
      idNumber: null,
    },
    expiresAt: '2023-09-25',
  },
  {
    id: 'P06_uto_mxhmwd_td3',
    lines: ['P<UTOMXHMWD<<EBDALRXHYM<<<<<<<<<<<<<<<<<<<<<', 'A2222222<0UTO7108215F04120411000146819<<<<44'],
    document: {
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'UTO',
      documentNumber: 'A2222222',
      optionalData1: '1000146819',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'MXHMWD',
      givenNamesLatin: 'EBDALRXHYM',
      birthDate: '1971-08-21',
      sex: 'F',
      nationality: 'UTO',
      idNumber: null,
    },
    expiresAt: '2004-12-04',
  },
  {
    id: 'P07_can_martin_td3',
    lines: ['P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<', 'ZE000509<9CAN8501019F2301147<<<<<<<<<<<<<<08'],
    document: { format: 'TD3', documentCode: 'P', issuingState: 'CAN', documentNumber: 'ZE000509', optionalData1: '', optionalData2: '' },
    person: { surnameLatin: 'MARTIN', givenNamesLatin: 'SARAH', birthDate: '1985-01-01', sex: 'F', nationality: 'CAN', idNumber: null },
    expiresAt: '2023-01-14',
  },
  {
    id: 'P08_cze_specimen_td3',
    lines: ['P<CZESPECIMEN<<VZOR<<<<<<<<<<<<<<<<<<<<<<<<<', '99003853<1CZE1101018M1207046110101111<<<<<94'],
    document: {
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'CZE',
      documentNumber: '99003853',
      optionalData1: '110101111',
      optionalData2: '',
    },
    person: { surnameLatin: 'SPECIMEN', givenNamesLatin: 'VZOR', birthDate: '2011-01-01', sex: 'M', nationality: 'CZE', idNumber: null },
    expiresAt: '2012-07-04',
  },
  {
    id: 'P09_icao_old_utopia_td3',
    lines: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C<3UTO6908061F9406236ZE184226B<<<<<14'],
    document: {
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'UTO',
      documentNumber: 'L898902C',
      optionalData1: 'ZE184226B',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'ERIKSSON',
      givenNamesLatin: 'ANNA MARIA',
      birthDate: '1969-08-06',
      sex: 'F',
      nationality: 'UTO',
      idNumber: null,
    },
    expiresAt: '1994-06-23',
  },
  {
    id: 'P10_che_td1',
    lines: ['IDCHEA1234567<6<<<<<<<<<<<<<<<', '7510256M2009018CHE<<<<<<<<<<<8', 'SMITH<<JOHN<ALBERT<<<<<<<<<<<<'],
    document: { format: 'TD1', documentCode: 'ID', issuingState: 'CHE', documentNumber: 'A1234567', optionalData1: '', optionalData2: '' },
    person: {
      surnameLatin: 'SMITH',
      givenNamesLatin: 'JOHN ALBERT',
      birthDate: '1975-10-25',
      sex: 'M',
      nationality: 'CHE',
      idNumber: null,
    },
    expiresAt: '2020-09-01',
  },
  {
    id: 'P11_prt_td1',
    lines: ['I<PRT007777779<ZZ92<<<<<<<<<<<', '8303143M3405282PRT<<<<<<<<<<<2', 'CACADOR<DE<ARAUJO<<ANDRE<ESTEV'],
    document: {
      format: 'TD1',
      documentCode: 'I',
      issuingState: 'PRT',
      documentNumber: '007777779ZZ9',
      optionalData1: 'ZZ92',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'CACADOR DE ARAUJO',
      givenNamesLatin: 'ANDRE ESTEV',
      birthDate: '1983-03-14',
      sex: 'M',
      nationality: 'PRT',
      idNumber: null,
    },
    expiresAt: '2034-05-28',
  },
  {
    id: 'P12_prt_prado_td1',
    lines: ['I<PRT007666667<ZZ00<<<<<<<<<<<', '8303143M3405293PRT<<<<<<<<<<<4', 'CACADOR<DE<ARAUJO<<ANDRE<ESTEV'],
    document: {
      format: 'TD1',
      documentCode: 'I',
      issuingState: 'PRT',
      documentNumber: '007666667ZZ0',
      optionalData1: 'ZZ00',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'CACADOR DE ARAUJO',
      givenNamesLatin: 'ANDRE ESTEV',
      birthDate: '1983-03-14',
      sex: 'M',
      nationality: 'PRT',
      idNumber: null,
    },
    expiresAt: '2034-05-29',
  },
  {
    id: 'P13_bel_prado_11005_td1',
    lines: ['IDBEL600001795<0152<<<<<<<<<<<', '1301014F2311207BEL130101987398', 'SPECIMEN<<SPECIMEN<<<<<<<<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'ID',
      issuingState: 'BEL',
      documentNumber: '600001795015',
      optionalData1: '0152',
      optionalData2: '13010198739',
    },
    person: {
      surnameLatin: 'SPECIMEN',
      givenNamesLatin: 'SPECIMEN',
      birthDate: '2013-01-01',
      sex: 'F',
      nationality: 'BEL',
      idNumber: null,
    },
    expiresAt: '2023-11-20',
  },
  {
    id: 'P14_bel_prado_03003_td1',
    lines: ['IDBEL000590240<6013<<<<<<<<<<<', '8512017F1311048BEL851201002007', 'REINARTZ<<ULRIKE<KATIA<E<<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'ID',
      issuingState: 'BEL',
      documentNumber: '000590240601',
      optionalData1: '6013',
      optionalData2: '85120100200',
    },
    person: {
      surnameLatin: 'REINARTZ',
      givenNamesLatin: 'ULRIKE KATIA E',
      birthDate: '1985-12-01',
      sex: 'F',
      nationality: 'BEL',
      idNumber: null,
    },
    expiresAt: '2013-11-04',
  },
  {
    id: 'P15_fin_prado_td1',
    lines: ['I<FINXA10000585010195<112X<<<<', '9501016F2803135FIN<<<<<<<<<<<7', 'SPECIMEN<TRAVEL<<VILMA<SOFIA<<'],
    document: {
      format: 'TD1',
      documentCode: 'I',
      issuingState: 'FIN',
      documentNumber: 'XA1000058',
      optionalData1: '010195 112X',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'SPECIMEN TRAVEL',
      givenNamesLatin: 'VILMA SOFIA',
      birthDate: '1995-01-01',
      sex: 'F',
      nationality: 'FIN',
      idNumber: null,
    },
    expiresAt: '2028-03-13',
  },
  {
    id: 'P16_utopia_td1',
    lines: ['I<UTOD231458907ABC<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<1', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'I',
      issuingState: 'UTO',
      documentNumber: 'D23145890',
      optionalData1: 'ABC',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'ERIKSSON',
      givenNamesLatin: 'ANNA MARIA',
      birthDate: '1974-08-12',
      sex: 'F',
      nationality: 'UTO',
      idNumber: null,
    },
    expiresAt: '2012-04-15',
  },
  {
    id: 'P17_icao_d2_td1',
    lines: ['I<UTOD23145890<7349<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'I',
      issuingState: 'UTO',
      documentNumber: 'D23145890734',
      optionalData1: '7349',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'STEVENSON',
      givenNamesLatin: 'PETER JOHN',
      birthDate: '1934-07-12',
      sex: 'M',
      nationality: 'UTO',
      idNumber: null,
    },
    expiresAt: '1995-07-12',
  },
  {
    id: 'P18_lie_td1',
    lines: ['IDLIEID98754015<<<<<<<<<<<<<<<', '8205122M1906224LIE<<<<<<<<<<<6', 'OSPELT<BECK<<MARISA<<<<<<<<<<<'],
    document: { format: 'TD1', documentCode: 'ID', issuingState: 'LIE', documentNumber: 'ID9875401', optionalData1: '', optionalData2: '' },
    person: {
      surnameLatin: 'OSPELT BECK',
      givenNamesLatin: 'MARISA',
      birthDate: '1982-05-12',
      sex: 'M',
      nationality: 'LIE',
      idNumber: null,
    },
    expiresAt: '2019-06-22',
  },
  {
    id: 'P19_srb_td1',
    lines: ['IDSRB95555554612902968000000<<', '6802295F1307245SRB<<<<<<<<<<<6', 'TEST<<MILICA<<<<<<<<<<<<<<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'ID',
      issuingState: 'SRB',
      documentNumber: '955555546',
      optionalData1: '2902968000000',
      optionalData2: '',
    },
    person: { surnameLatin: 'TEST', givenNamesLatin: 'MILICA', birthDate: '1968-02-29', sex: 'F', nationality: 'SRB', idNumber: null },
    expiresAt: '2013-07-24',
  },
  {
    id: 'P20_esp_td1',
    lines: ['IDESPBAA000589599999999R<<<<<<', '8001014F2501017ESP<<<<<<<<<<<7', 'ESPANOLA<ESPANOLA<<CARMEN<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'ID',
      issuingState: 'ESP',
      documentNumber: 'BAA000589',
      optionalData1: '99999999R',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'ESPANOLA ESPANOLA',
      givenNamesLatin: 'CARMEN',
      birthDate: '1980-01-01',
      sex: 'F',
      nationality: 'ESP',
      idNumber: null,
    },
    expiresAt: '2025-01-01',
  },
  {
    id: 'P21_swe_td1',
    lines: ['I<SWE59000002<8198703142391<<<', '8703145M1701027SWE<<<<<<<<<<<8', 'SPECIMEN<<SVEN<<<<<<<<<<<<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'I',
      issuingState: 'SWE',
      documentNumber: '59000002',
      optionalData1: '198703142391',
      optionalData2: '',
    },
    person: { surnameLatin: 'SPECIMEN', givenNamesLatin: 'SVEN', birthDate: '1987-03-14', sex: 'M', nationality: 'SWE', idNumber: null },
    expiresAt: '2017-01-02',
  },
  {
    id: 'P22_lva_td1',
    lines: ['I<LVAPA99929216121282<88882<<<', '8212122M1703054LVA<<<<<<<<<<<0', 'PARAUDZINS<<ANDRIS<<<<<<<<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'I',
      issuingState: 'LVA',
      documentNumber: 'PA9992921',
      optionalData1: '121282 88882',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'PARAUDZINS',
      givenNamesLatin: 'ANDRIS',
      birthDate: '1982-12-12',
      sex: 'M',
      nationality: 'LVA',
      idNumber: null,
    },
    expiresAt: '2017-03-05',
  },
  {
    id: 'P23_mco_td1',
    lines: ['I<MCO029067<<<0<<<<<<<<<<<<<<<', '9901018F0903248MCO<<<<<<<<<<<0', 'SPECIMEN<<SPECIMEN<<<<<<<<<<<<'],
    document: { format: 'TD1', documentCode: 'I', issuingState: 'MCO', documentNumber: '029067', optionalData1: '', optionalData2: '' },
    person: {
      surnameLatin: 'SPECIMEN',
      givenNamesLatin: 'SPECIMEN',
      birthDate: '1999-01-01',
      sex: 'F',
      nationality: 'MCO',
      idNumber: null,
    },
    expiresAt: '2009-03-24',
  },
  {
    id: 'P24_icao_old_td1',
    lines: ['I<UTOD231458907<<<<<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'],
    document: { format: 'TD1', documentCode: 'I', issuingState: 'UTO', documentNumber: 'D23145890', optionalData1: '', optionalData2: '' },
    person: {
      surnameLatin: 'STEVENSON',
      givenNamesLatin: 'PETER JOHN',
      birthDate: '1934-07-12',
      sex: 'M',
      nationality: 'UTO',
      idNumber: null,
    },
    expiresAt: '1995-07-12',
  },
  {
    id: 'P25_utopia_td2',
    lines: ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'],
    document: { format: 'TD2', documentCode: 'I', issuingState: 'UTO', documentNumber: 'D23145890', optionalData1: '', optionalData2: '' },
    person: {
      surnameLatin: 'ERIKSSON',
      givenNamesLatin: 'ANNA MARIA',
      birthDate: '1974-08-12',
      sex: 'F',
      nationality: 'UTO',
      idNumber: null,
    },
    expiresAt: '2012-04-15',
  },
  {
    id: 'P26_icao_old_td2',
    lines: ['I<UTOSTEVENSON<<PETER<<<<<<<<<<<<<<<', 'D231458907UTO3407127M9507122<<<<<<<2'],
    document: { format: 'TD2', documentCode: 'I', issuingState: 'UTO', documentNumber: 'D23145890', optionalData1: '', optionalData2: '' },
    person: { surnameLatin: 'STEVENSON', givenNamesLatin: 'PETER', birthDate: '1934-07-12', sex: 'M', nationality: 'UTO', idNumber: null },
    expiresAt: '1995-07-12',
  },
  {
    id: 'by_td3_male',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8702274M30011563270287A012PB284'],
    document: {
      format: 'TD3',
      documentCode: 'PP',
      issuingState: 'BLR',
      documentNumber: 'MP1234567',
      optionalData1: '3270287A012PB2',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'IVANOU',
      givenNamesLatin: 'IVAN',
      birthDate: '1987-02-27',
      sex: 'M',
      nationality: 'BLR',
      idNumber: '3270287A012PB2',
    },
    expiresAt: '2030-01-15',
  },
  {
    id: 'by_td3_female',
    lines: ['PPBLRPETRAVA<<HANNA<<<<<<<<<<<<<<<<<<<<<<<<<', 'KH76543217BLR8502153F28063094150285H123PB286'],
    document: {
      format: 'TD3',
      documentCode: 'PP',
      issuingState: 'BLR',
      documentNumber: 'KH7654321',
      optionalData1: '4150285H123PB2',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'PETRAVA',
      givenNamesLatin: 'HANNA',
      birthDate: '1985-02-15',
      sex: 'F',
      nationality: 'BLR',
      idNumber: '4150285H123PB2',
    },
    expiresAt: '2028-06-30',
  },
  {
    id: 'by_td3_child',
    lines: ['PPBLRKAVALIOU<<ALIAKSANDR<<<<<<<<<<<<<<<<<<<', 'AB00000014BLR0503121M30010195120305M042PB648'],
    document: {
      format: 'TD3',
      documentCode: 'PP',
      issuingState: 'BLR',
      documentNumber: 'AB0000001',
      optionalData1: '5120305M042PB6',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'KAVALIOU',
      givenNamesLatin: 'ALIAKSANDR',
      birthDate: '2005-03-12',
      sex: 'M',
      nationality: 'BLR',
      idNumber: '5120305M042PB6',
    },
    expiresAt: '2030-01-01',
  },
  {
    id: 'by_td1_idcard',
    lines: ['IDBLRAB123456713270287A012PB2<', '8702274M3109018BLR<<<<<<<<<<<2', 'IVANOU<<IVAN<<<<<<<<<<<<<<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'ID',
      issuingState: 'BLR',
      documentNumber: 'AB1234567',
      optionalData1: '3270287A012PB2',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'IVANOU',
      givenNamesLatin: 'IVAN',
      birthDate: '1987-02-27',
      sex: 'M',
      nationality: 'BLR',
      idNumber: '3270287A012PB2',
    },
    expiresAt: '2031-09-01',
  },
  {
    id: 'by_td1_idcard_f',
    lines: ['IDBLRBM765432196010120C001PB9<', '2001012F2601010BLR<<<<<<<<<<<2', 'SIDARENKA<<MARYIA<<<<<<<<<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'ID',
      issuingState: 'BLR',
      documentNumber: 'BM7654321',
      optionalData1: '6010120C001PB9',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'SIDARENKA',
      givenNamesLatin: 'MARYIA',
      birthDate: '2020-01-01',
      sex: 'F',
      nationality: 'BLR',
      idNumber: '6010120C001PB9',
    },
    expiresAt: '2026-01-01',
  },
  {
    id: 'by_td1_rp',
    lines: ['IRBLRBA000123456010101K005BA9<', '0101011F2901019RUS<<<<<<<<<<<2', 'SMIRNOVA<<OLGA<<<<<<<<<<<<<<<<'],
    document: {
      format: 'TD1',
      documentCode: 'IR',
      issuingState: 'BLR',
      documentNumber: 'BA0001234',
      optionalData1: '6010101K005BA9',
      optionalData2: '',
    },
    person: {
      surnameLatin: 'SMIRNOVA',
      givenNamesLatin: 'OLGA',
      birthDate: '2001-01-01',
      sex: 'F',
      nationality: 'RUS',
      idNumber: '6010101K005BA9',
    },
    expiresAt: '2029-01-01',
  },
];

/** vectors.md sections D and E: the code shown first, the line it points at, and every other code found. */
const invalidVectors: InvalidVector[] = [
  {
    id: 'N01_utopia_td3_bad_pn_cd',
    lines: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<20'],
    code: 'personal_number_check_digit',
    also: ['composite_check_digit'],
  },
  {
    id: 'N02_bel_bad_doc_cd',
    lines: ['IDBEL000590240<6016<<<<<<<<<<<', '8512017F1311048BEL851201002007', 'REINARTZ<<ULRIKE<KATIA<E<<<<<<'],
    code: 'document_number_check_digit',
    also: ['composite_check_digit'],
  },
  {
    id: 'N03_bel_bad_dob_cd',
    lines: ['IDBEL000590240<6013<<<<<<<<<<<', '8512018F1311048BEL851201002007', 'REINARTZ<<ULRIKE<KATIA<E<<<<<<'],
    code: 'birth_date_check_digit',
    also: ['composite_check_digit'],
  },
  {
    id: 'N04_bad_4_lines',
    lines: [
      'IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02',
      '1710GVA123451ROBERTA<<<<<<<9112311F2',
      '1710GVA123451ROBERTA<<<<<<<9112311F2',
      '1710GVA123451ROBERTA<<<<<<<9112311F2',
    ],
    code: 'line_count',
  },
  {
    id: 'N05_bad_length',
    lines: ['IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02<<<<<<<<0CHE02', '1710GVA123451ROBERTA<<<<<<<9112311F2<<<<<<<<0CHE02'],
    code: 'line_length',
    line: 1,
  },
  {
    id: 'N06_bad_mrz_all',
    lines: ['I<BAD<BAD<<<<<0<<<<<<BAD<<<<<<', '0105998<0512868BAD<<<<BAD<<<<0', '<SPECIMEN1<<SPECIMEN2<<BAD<<<<'],
    code: 'document_number_check_digit',
    also: [
      'birth_date_check_digit',
      'expiry_date_check_digit',
      'composite_check_digit',
      'document_number_invalid',
      'birth_date_invalid',
      'expiry_date_invalid',
      'name_invalid',
    ],
  },
  {
    id: 'NBY01_td3_bad_composite',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8702274M30011563270287A012PB285'],
    code: 'composite_check_digit',
    line: 2,
  },
  {
    id: 'NBY02_td3_bad_docno_cd',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345678BLR8702274M30011563270287A012PB284'],
    code: 'document_number_check_digit',
    line: 2,
    also: ['composite_check_digit'],
  },
  {
    id: 'NBY03_td3_bad_expiry_cd',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8702274M30011573270287A012PB284'],
    code: 'expiry_date_check_digit',
    line: 2,
    also: ['composite_check_digit'],
  },
  {
    id: 'NBY04_td3_bad_pn_cd',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8702274M30011563270287A012PB294'],
    code: 'personal_number_check_digit',
    line: 2,
    also: ['composite_check_digit'],
  },
  {
    id: 'NBY05_td3_mrz_ok_idnum_bad',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8702274M30011563270287A012PB310'],
    code: 'id_number_check_digit',
    line: 2,
  },
  {
    id: 'NBY06_td3_dob_mismatch',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8702285M30011563270287A012PB284'],
    code: 'birth_date_mismatch',
    line: 2,
  },
  {
    id: 'NBY07_td3_sex_mismatch',
    lines: ['PPBLRIVANOVA<<IVANNA<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8702274F30011563270287A012PB284'],
    code: 'sex_mismatch',
    line: 2,
  },
  {
    id: 'NBY08_td3_cyrillic_lookalike',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'МР12345677BLR8702274M30011563270287A012PB284'],
    code: 'cyrillic_characters',
    line: 2,
  },
  {
    id: 'NBY09_td3_line2_43',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8702274M30011563270287A012PB28'],
    code: 'line_length',
    line: 2,
  },
  {
    id: 'NBY10_td3_lowercase',
    lines: ['ppblrivanou<<ivan<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8702274M30011563270287A012PB284'],
    code: 'lowercase',
    line: 1,
  },
  {
    id: 'NBY11_td3_month13',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8713272M30011563270287A012PB288'],
    code: 'birth_date_invalid',
    line: 2,
  },
  {
    id: 'NBY12_td3_expired',
    lines: ['PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'MP12345677BLR8702274M19011593270287A012PB288'],
    code: 'document_expired',
    line: 2,
  },
  {
    id: 'NBY13_td1_bad_composite',
    lines: ['IDBLRAB123456713270287A012PB2<', '8702274M3109018BLR<<<<<<<<<<<3', 'IVANOU<<IVAN<<<<<<<<<<<<<<<<<<'],
    code: 'composite_check_digit',
    line: 2,
  },
  {
    id: 'NBY14_td1_idnum_bad',
    lines: ['IDBLRAB123456713270287A012PB9<', '8702274M3109018BLR<<<<<<<<<<<9', 'IVANOU<<IVAN<<<<<<<<<<<<<<<<<<'],
    code: 'id_number_check_digit',
    line: 1,
  },
];

const L1 = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<';
const L2 = 'MP12345677BLR8702274M30011563270287A012PB284';

function failureOf(r: MrzResult): MrzError {
  if (r.ok) throw new Error('expected a failure, got ok');
  return r.error;
}
const codesOf = (r: MrzResult): MrzErrorCode[] => (r.ok ? [] : r.errors.map((e) => e.code));
const warningsOf = (r: MrzResult): string[] => (r.ok ? r.warnings.map((w) => w.code) : []);

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const pad = (text: string, length: number): string => (text + '<'.repeat(length)).slice(0, length);
const cd = (text: string): string => String(computeCheckDigit(text));

/** Builds a TD3 with correct check digits (for own cases; the vectors check the digit routine itself). */
function td3(p: {
  code?: string;
  state?: string;
  name?: string;
  docField?: string;
  docCheck?: string;
  nationality?: string;
  birth?: string;
  birthCheck?: string;
  sex?: string;
  expiry?: string;
  personal?: string;
}): string[] {
  const docField = pad(p.docField ?? 'MP1234567', 9);
  const birth = p.birth ?? '870227';
  const expiry = p.expiry ?? '300115';
  const personal = pad(p.personal ?? '3270287A012PB2', 14);
  const body =
    docField +
    (p.docCheck ?? cd(docField)) +
    pad(p.nationality ?? 'BLR', 3) +
    birth +
    (p.birthCheck ?? cd(birth)) +
    (p.sex ?? 'M') +
    expiry +
    cd(expiry) +
    personal +
    cd(personal);
  const line2 = body + cd(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
  return [pad((p.code ?? 'PP') + (p.state ?? 'BLR') + (p.name ?? 'IVANOU<<IVAN'), 44), line2];
}

/** Builds a TD1 with correct check digits. */
function td1(p: { state?: string; docField?: string; optional1?: string; birth?: string; sex?: string; expiry?: string }): string[] {
  const docField = pad(p.docField ?? 'AB1234567', 9);
  const line1 = 'ID' + pad(p.state ?? 'BLR', 3) + docField + cd(docField) + pad(p.optional1 ?? '3270287A012PB2', 15);
  const birth = p.birth ?? '870227';
  const expiry = p.expiry ?? '310901';
  const body = birth + cd(birth) + (p.sex ?? 'M') + expiry + cd(expiry) + 'BLR' + '<'.repeat(11);
  const line2 = body + cd(line1.slice(5, 30) + body.slice(0, 7) + body.slice(8, 15) + body.slice(18, 29));
  return [line1, line2, pad('IVANOU<<IVAN', 30)];
}

describe('MRZ vectors: valid (vectors.md B and C, 32)', () => {
  it.each(validVectors)('$id: every field, on its expiry day (still valid)', (v) => {
    const r = parseMrz(v.lines.join('\n'), { today: v.expiresAt });
    if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
    expect(r.document).toMatchObject(v.document);
    expect(r.person).toMatchObject(v.person);
    expect(r.expiresAt).toBe(v.expiresAt);
  });

  it.each(validVectors)('$id: refused as expired the day after (refusal R1)', (v) => {
    const r = parseMrz(v.lines, { today: nextDay(v.expiresAt) });
    expect(codesOf(r)).toEqual(['document_expired']);
    // The expiry date is on line 2 in every format.
    expect(failureOf(r).line).toBe(2);
  });

  it.each(validVectors)(`$id: on ${TODAY} it is accepted exactly when not expired`, (v) => {
    const r = parseMrz(v.lines, { today: TODAY });
    expect(codesOf(r)).toEqual(v.expiresAt >= TODAY ? [] : ['document_expired']);
  });
});

describe('MRZ vectors: invalid (vectors.md D and E, 20)', () => {
  it.each(invalidVectors)('$id → $code', (v) => {
    const r = parseMrz(v.lines.join('\r\n'), { today: TODAY });
    const error = failureOf(r);
    expect(error.code).toBe(v.code);
    if (v.line !== undefined) expect(error.line).toBe(v.line);
    expect([...codesOf(r)].sort()).toEqual([v.code, ...(v.also ?? [])].sort());
  });
});

describe('MRZ: vectors that cheminfo accepts but the app must refuse (NBY05–07, 12, 14)', () => {
  const lines = (id: string): string[] => {
    const v = invalidVectors.find((x) => x.id === id);
    if (v === undefined) throw new Error(id);
    return v.lines;
  };

  it('NBY05 and NBY14: the ID number check digit may be overridden by the clerk', () => {
    for (const [id, idNumber] of [
      ['NBY05_td3_mrz_ok_idnum_bad', '3270287A012PB3'],
      ['NBY14_td1_idnum_bad', '3270287A012PB9'],
    ] as const) {
      const refused = failureOf(parseMrz(lines(id), { today: TODAY }));
      expect(refused.idNumberError).toBe('check_digit');
      const r = parseMrz(lines(id), { today: TODAY, override: ['id_number_check_digit'] });
      expect(r).toMatchObject({ ok: true, person: { idNumber, birthDate: '1987-02-27', sex: 'M' } });
      expect(warningsOf(r)).toEqual(['check_digit_overridden']);
    }
  });

  it('NBY05: the error points at the check digit of the ID number (line 2, position 42)', () => {
    expect(failureOf(parseMrz(lines('NBY05_td3_mrz_ok_idnum_bad'), { today: TODAY }))).toMatchObject({ line: 2, position: 42 });
  });

  it('NBY06: birth-date mismatch overridden → the printed (MRZ) date is kept', () => {
    const r = parseMrz(lines('NBY06_td3_dob_mismatch'), { today: TODAY, override: ['birth_date_mismatch'] });
    expect(r).toMatchObject({ ok: true, person: { birthDate: '1987-02-28', idNumber: '3270287A012PB2' } });
    expect(warningsOf(r)).toEqual(['birth_date_mismatch']);
  });

  it('NBY07: sex mismatch overridden → the MRZ sex is kept', () => {
    const r = parseMrz(lines('NBY07_td3_sex_mismatch'), { today: TODAY, override: ['sex_mismatch'] });
    expect(r).toMatchObject({ ok: true, person: { sex: 'F', surnameLatin: 'IVANOVA', givenNamesLatin: 'IVANNA' } });
    expect(warningsOf(r)).toEqual(['sex_mismatch']);
  });

  it('NBY12: valid up to and including 15.01.2019, expired after', () => {
    expect(parseMrz(lines('NBY12_td3_expired'), { today: '2019-01-15' })).toMatchObject({ ok: true, expiresAt: '2019-01-15' });
    expect(codesOf(parseMrz(lines('NBY12_td3_expired'), { today: '2019-01-16' }))).toEqual(['document_expired']);
  });

  it('overrides never lift an ICAO check-digit failure or an expiry', () => {
    const all = ['id_number_check_digit', 'birth_date_mismatch', 'sex_mismatch'] as const;
    expect(codesOf(parseMrz(lines('NBY01_td3_bad_composite'), { today: TODAY, override: all }))).toEqual(['composite_check_digit']);
    expect(codesOf(parseMrz(lines('NBY12_td3_expired'), { today: TODAY, override: all }))).toEqual(['document_expired']);
  });
});

describe('MRZ vectors: device framing (vectors.md G, DEV1–DEV7, text after the framer)', () => {
  const expectMale = (r: MrzResult): void => {
    expect(r).toMatchObject({ ok: true, document: { format: 'TD3' }, person: { idNumber: '3270287A012PB2' } });
  };

  it('DEV1: CR-terminated lines', () => expectMale(parseMrz(`${L1}\r${L2}\r`, { today: TODAY })));
  it('DEV2: CRLF-terminated lines', () => expectMale(parseMrz(`${L1}\r\n${L2}\r\n`, { today: TODAY })));

  it('DEV3: DESKO frame: the payload between STX and ETX parses; a framing byte left in is refused', () => {
    expectMale(parseMrz(`${L1}\r${L2}\r`, { today: TODAY }));
    expect(failureOf(parseMrz(`\x02${L1}\r${L2}\r\x03`, { today: TODAY })).code).toBe('line_length');
    expect(failureOf(parseMrz(`${L1}\r${L2.slice(0, 43)}\x03\r`, { today: TODAY }))).toMatchObject({
      code: 'bad_character',
      line: 2,
      position: 44,
    });
  });

  it('DEV4: 3M frame with an empty top line: the empty line is ignored', () => {
    expectMale(parseMrz(`\r${L1}\r${L2}\r`, { today: TODAY }));
  });

  it('DEV4: a short read, once the "_" padding is stripped, fails the length check; unstripped it is a bad character', () => {
    const short = L2.slice(0, 40);
    expect(failureOf(parseMrz(`\r${L1}\r${short}\r`, { today: TODAY }))).toMatchObject({ code: 'line_length', line: 2 });
    expect(failureOf(parseMrz(`\r${L1}\r${short}____\r`, { today: TODAY }))).toMatchObject({
      code: 'bad_character',
      line: 2,
      position: 41,
    });
  });

  it('DEV5: rows delivered separately parse once buffered; a lone first row is incomplete', () => {
    expectMale(parseMrz(`${L1}\r` + `${L2}\r`, { today: TODAY }));
    expect(failureOf(parseMrz(`${L1}\r`, { today: TODAY })).code).toBe('line_count');
  });

  it('DEV6: keyboard wedge with Caps Lock is refused; upper-casing is the caller’s explicit choice', () => {
    const wedge = `${L1.toLowerCase()}\r${L2}\r`;
    expect(failureOf(parseMrz(wedge, { today: TODAY }))).toMatchObject({ code: 'lowercase', line: 1 });
    expectMale(parseMrz(wedge.toUpperCase(), { today: TODAY }));
  });

  it('DEV7: Cyrillic from a Russian layout is refused, not dropped or mapped', () => {
    const r = parseMrz(`${L1}\r${'МР' + L2.slice(2)}\r`, { today: TODAY });
    expect(failureOf(r)).toMatchObject({ code: 'cyrillic_characters', line: 2, position: 1 });
  });
});

describe('splitMrzLines', () => {
  it.each([
    ['LF', 'A\nB', ['A', 'B']],
    ['CR', 'A\rB', ['A', 'B']],
    ['CRLF with trailing terminator', 'A\r\nB\r\n', ['A', 'B']],
    ['mixed, LF CR between lines', 'A\n\rB\rC', ['A', 'B', 'C']],
    ['surrounding whitespace', '  A \t\n\u00A0B  \n', ['A', 'B']],
    ['empty first and trailing lines', '\r\nA\r\nB\r\n\r\n', ['A', 'B']],
    ['nothing', '', []],
    ['only line breaks', '\r\n\n\r', []],
  ])('%s', (_name, text, lines) => {
    expect(splitMrzLines(text)).toEqual(lines);
  });
});

describe('MRZ: own cases', () => {
  it('accepts already split lines, trimmed', () => {
    expect(parseMrz([` ${L1} `, `${L2}\t`], { today: TODAY }).ok).toBe(true);
  });

  it.each<[string, string | string[], MrzErrorCode, number | undefined]>([
    ['empty text', '', 'empty', undefined],
    ['only whitespace', ' \r\n \n', 'empty', undefined],
    ['one line', L1, 'line_count', undefined],
    [
      'TD1 with a short middle line',
      ['I<UTOD231458907<<<<<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'],
      'line_length',
      2,
    ],
    ['two lines of 30', ['I<UTOD231458907<<<<<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2'], 'line_length', 1],
    ['TD2 first line with a TD3 second line', ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', L2], 'line_length', 2],
  ])('%s → %s', (_name, input, code, line) => {
    const error = failureOf(parseMrz(input, { today: TODAY }));
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
  });

  it('a space inside a line is a bad character, with its place', () => {
    const r = parseMrz([L1.replace('<<IVAN', '< IVAN'), L2], { today: TODAY });
    expect(failureOf(r)).toMatchObject({ code: 'bad_character', line: 1, position: 13 });
  });

  it.each([
    ['TD3 visa (V)', [`V${L1.slice(1)}`, L2]],
    ['TD1 code IV', ['IVCHEA1234567<6<<<<<<<<<<<<<<<', '7510256M2009018CHE<<<<<<<<<<<8', 'SMITH<<JOHN<ALBERT<<<<<<<<<<<<']],
    ['TD2 visa (V<)', ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6']],
    ['digit as type letter', [`P1${L1.slice(2)}`, L2]],
  ])('%s → document_code_invalid', (_name, lines) => {
    expect(codesOf(parseMrz(lines, { today: TODAY }))).toEqual(['document_code_invalid']);
  });

  it('series and number of a Belarusian passport; an ID card number is not split', () => {
    const passport = parseMrz([L1, L2], { today: TODAY });
    expect(passport).toMatchObject({ ok: true, document: { series: 'MP', number: '1234567', documentNumber: 'MP1234567' } });
    const card = parseMrz(validVectors.find((v) => v.id === 'by_td1_idcard')?.lines ?? [], { today: TODAY });
    if (!card.ok) throw new Error(card.error.code);
    expect(card.document.series).toBeUndefined();
    expect(card.document.number).toBe('AB1234567');
  });

  it('flags a name that fills its field (possibly truncated)', () => {
    const prt = parseMrz(validVectors.find((v) => v.id === 'P11_prt_td1')?.lines ?? [], { today: '2030-01-01' });
    expect(prt).toMatchObject({ ok: true, person: { namesMayBeTruncated: true } });
    expect(warningsOf(prt)).toEqual(['name_truncated']);
    expect(parseMrz([L1, L2], { today: TODAY })).toMatchObject({ ok: true, person: { namesMayBeTruncated: false } });
  });

  it.each([
    ['X', 'M'],
    ['<', 'M'],
  ])('MRZ sex %s (unspecified) takes the sex from the ID number', (mrzSex, sex) => {
    const r = parseMrz([L1, L2.slice(0, 20) + mrzSex + L2.slice(21)], { today: TODAY });
    expect(r).toMatchObject({ ok: true, person: { sex } });
  });

  it('an unspecified sex without an ID number stays null', () => {
    const r = parseMrz(td3({ state: 'UTO', nationality: 'UTO', sex: '<', personal: '' }), { today: TODAY });
    expect(r).toMatchObject({ ok: true, person: { sex: null, idNumber: null } });
  });

  it('a sex letter other than M, F, X or < is refused', () => {
    expect(codesOf(parseMrz([L1, L2.slice(0, 20) + 'Q' + L2.slice(21)], { today: TODAY }))).toEqual(['sex_invalid']);
  });

  it('a Belarusian document without an ID number is refused (R2), with the place to look', () => {
    const r = parseMrz(td3({ personal: '' }), { today: TODAY });
    expect(failureOf(r)).toMatchObject({ code: 'id_number_missing', line: 2, position: 29 });
  });

  it('idNumberStates: [] turns the ID-number requirement off', () => {
    expect(parseMrz(td3({ personal: '' }), { today: TODAY, idNumberStates: [] })).toMatchObject({ ok: true, person: { idNumber: null } });
  });

  it('a malformed ID number is refused with the inner rule and its MRZ position', () => {
    const r = parseMrz(td3({ personal: '7270287A012PB0' }), { today: TODAY });
    expect(failureOf(r)).toMatchObject({ code: 'id_number_invalid', idNumberError: 'sex_century', line: 2, position: 29 });
    const shortNumber = parseMrz(td3({ personal: '3270287A012' }), { today: TODAY });
    expect(failureOf(shortNumber)).toMatchObject({ code: 'id_number_invalid', idNumberError: 'length' });
  });

  it('an ID-number-shaped personal number of a foreign document is not interpreted', () => {
    const r = parseMrz(td3({ state: 'UTO', nationality: 'UTO' }), { today: TODAY });
    expect(r).toMatchObject({ ok: true, person: { idNumber: null }, document: { optionalData1: '3270287A012PB2' } });
  });

  it('TD1: the ID number is also found after a leading filler', () => {
    const r = parseMrz(td1({ optional1: '<3270287A012PB2' }), { today: TODAY });
    expect(r).toMatchObject({ ok: true, person: { idNumber: '3270287A012PB2' } });
  });

  it('ID-number warnings (region X, vector ID-N13) reach the MRZ result', () => {
    const r = parseMrz(td3({ personal: '3270287X012PB1' }), { today: TODAY });
    expect(warningsOf(r)).toEqual(['region_unknown']);
  });

  it('the ID number gives the century: born 1925 although "25" would pivot to 2025', () => {
    const lines = td3({ personal: '3010125A001PB7', birth: '250101' });
    expect(parseMrz(lines, { today: TODAY })).toMatchObject({ ok: true, person: { birthDate: '1925-01-01' } });
    const foreign = td3({ state: 'UTO', nationality: 'UTO', personal: '', birth: '250101' });
    expect(parseMrz(foreign, { today: TODAY })).toMatchObject({ ok: true, person: { birthDate: '2025-01-01' } });
    expect(parseMrz(foreign, { today: '2024-12-31' })).toMatchObject({ ok: true, person: { birthDate: '1925-01-01' } });
  });

  it('expiry pivot: a passport issued at 64 may run to 2060; "95" is 1995 and expired', () => {
    expect(parseMrz(td3({ expiry: '600101' }), { today: TODAY })).toMatchObject({ ok: true, expiresAt: '2060-01-01' });
    expect(codesOf(parseMrz(td3({ expiry: '950101' }), { today: TODAY }))).toEqual(['document_expired']);
  });

  it.each([
    ['all filler, check digit <', '<<<<<<', '<'],
    ['all filler, check digit 0', '<<<<<<', undefined],
    ['unknown day and month', '74<<<<', undefined],
  ])('birth date left unknown (%s) is accepted with a warning', (_name, birth, birthCheck) => {
    const r = parseMrz(td3({ state: 'UTO', nationality: 'UTO', personal: '', birth, birthCheck }), { today: TODAY });
    expect(r).toMatchObject({ ok: true, person: { birthDate: null } });
    expect(warningsOf(r)).toContain('birth_date_unknown');
  });

  it('a partly unknown MRZ birth date cannot contradict the ID number', () => {
    expect(parseMrz(td3({ birth: '87<<<<' }), { today: TODAY })).toMatchObject({ ok: true, person: { birthDate: '1987-02-27' } });
    expect(codesOf(parseMrz(td3({ birth: '88<<<<' }), { today: TODAY }))).toEqual(['birth_date_mismatch']);
  });

  it.each([
    ['29.02.2000 exists', '000229', true],
    ['29.02.2001 does not', '010229', false],
    ['31 April', '870431', false],
    ['letters in the date', '87O227', false],
  ])('birth date: %s', (_name, birth, ok) => {
    const r = parseMrz(td3({ state: 'UTO', nationality: 'UTO', personal: '', birth }), { today: TODAY });
    expect(codesOf(r)).toEqual(ok ? [] : ['birth_date_invalid']);
  });

  it('an expiry left unknown is refused: validity cannot be established', () => {
    expect(codesOf(parseMrz(td3({ expiry: '<<<<<<' }), { today: TODAY }))).toEqual(['expiry_date_invalid']);
  });

  it('TD3 long document number: "<" in the check-digit place, the rest in the personal-number field', () => {
    const extra = '8';
    const personal = extra + cd(`AB1234567${extra}`);
    const r = parseMrz(td3({ state: 'UTO', nationality: 'UTO', docField: 'AB1234567', docCheck: '<', personal }), { today: TODAY });
    expect(r).toMatchObject({ ok: true, document: { documentNumber: 'AB12345678' } });
    const wrong = td3({
      state: 'UTO',
      nationality: 'UTO',
      docField: 'AB1234567',
      docCheck: '<',
      personal: `${extra}${(Number(cd(`AB1234567${extra}`)) + 1) % 10}`,
    });
    expect(failureOf(parseMrz(wrong, { today: TODAY })).code).toBe('document_number_check_digit');
  });

  it('a document-number check digit "<" without an overflow is a check-digit failure', () => {
    const r = parseMrz(td3({ docCheck: '<', personal: '<3270287A012PB' }), { today: TODAY, idNumberStates: [] });
    expect(failureOf(r).code).toBe('document_number_check_digit');
  });

  it('a malformed state code is refused', () => {
    const r = parseMrz(td3({ state: 'B1R', personal: '' }), { today: TODAY });
    expect(codesOf(r)).toEqual(['issuing_state_invalid']);
    expect(codesOf(parseMrz(td3({ nationality: '<BL' }), { today: TODAY }))).toEqual(['nationality_invalid']);
  });

  it('a name field with digits or without a surname is refused', () => {
    expect(codesOf(parseMrz(td3({ name: 'IVAN0U<<IVAN' }), { today: TODAY }))).toEqual(['name_invalid']);
    expect(codesOf(parseMrz(td3({ name: '<<IVAN' }), { today: TODAY }))).toEqual(['name_invalid']);
  });

  it('rejects a malformed today (a programming error)', () => {
    expect(() => parseMrz([L1, L2], { today: '2025-11-31' })).toThrow(RangeError);
  });

  it('every code in the results is exported', () => {
    const seen = new Set<MrzErrorCode>(invalidVectors.flatMap((v) => [v.code, ...(v.also ?? [])]));
    for (const code of seen) expect(mrzErrorCodes).toContain(code);
  });
});

describe('MRZ: no personal data in messages', () => {
  /** Every run of 4+ MRZ characters (names, numbers, dates) that an error message must not repeat. */
  const tokensOf = (lines: readonly string[]): string[] => lines.flatMap((l) => l.match(/[A-Z0-9]{4,}/gi) ?? []);

  const runs: Array<{ id: string; lines: string[]; today: string }> = [
    ...invalidVectors.map((v) => ({ id: v.id, lines: v.lines, today: TODAY })),
    ...validVectors.map((v) => ({ id: `${v.id} (expired)`, lines: v.lines, today: nextDay(v.expiresAt) })),
  ];

  it.each(runs)('$id', ({ lines, today }) => {
    const r = parseMrz(lines, { today });
    if (r.ok) throw new Error('expected a failure');
    for (const error of r.errors) {
      for (const token of tokensOf(lines)) expect(error.message).not.toContain(token);
    }
  });
});
