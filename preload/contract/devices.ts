/**
 * The card reader and the label printer as the renderer sees them (DESIGN.md 6, DOMAIN.md 6):
 * their settings, their status (pushed as events, never polled), a scan's outcome without its
 * content, and what a good scan fills in the form. Raw MRZ text never crosses the bridge.
 */
import { z } from 'zod';
import { fieldMessage } from './field-messages';
import { documentTypes } from './applications';

export const baudRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
export const parities = ['none', 'even', 'odd', 'mark', 'space'] as const;
export const flowControls = ['none', 'rtscts', 'xonxoff'] as const;
export type FlowControl = (typeof flowControls)[number];

/** A port path as the OS names it: 'COM3', '/dev/ttyUSB0', a symlink; '' = no device. */
const portPath = z
  .string()
  .trim()
  .max(200, fieldMessage('port.too_long'))
  .regex(/^[^\0\r\n]*$/, fieldMessage('port.control_characters'));

const serialLine = {
  path: portPath,
  baudRate: z.literal(baudRates, fieldMessage('port.baud_rate')),
  dataBits: z.literal([7, 8], fieldMessage('port.data_bits')),
  parity: z.enum(parities, fieldMessage('port.parity')),
  stopBits: z.literal([1, 2], fieldMessage('port.stop_bits')),
  flowControl: z.enum(flowControls, fieldMessage('port.flow_control')),
};

export const readerSettingsSchema = z.strictObject({
  ...serialLine,
  /** A message without an end marker ends after this much silence (DOMAIN.md 6.1: 150–300 ms). */
  idleMs: z
    .number(fieldMessage('milliseconds.number'))
    .int(fieldMessage('milliseconds.integer'))
    .min(50, fieldMessage('milliseconds.min'))
    .max(2000, fieldMessage('milliseconds.max')),
});
export type ReaderSettings = z.infer<typeof readerSettingsSchema>;

export const printerSettingsSchema = z.strictObject({
  ...serialLine,
  /** A Cyrillic-capable font on the printer (DOMAIN.md 6.2), e.g. E:TT0003M_.TTF. */
  font: z
    .string()
    .trim()
    .regex(/^[A-Z]:[A-Z0-9_-]{1,16}\.(TTF|FNT)$/i, fieldMessage('printer.font')),
});
export type PrinterSettings = z.infer<typeof printerSettingsSchema>;

export const defaultReaderSettings: ReaderSettings = {
  path: '',
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  flowControl: 'none',
  idleMs: 200,
};

export const defaultPrinterSettings: PrinterSettings = {
  path: '',
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  flowControl: 'xonxoff',
  font: 'E:TT0003M_.TTF',
};

export const deviceKinds = ['reader', 'printer'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

/** `message` (Russian) says what happened and what to do; `code` is for tests and the audit log. */
export const deviceStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not_configured') }),
  z.object({ state: z.literal('connecting') }),
  z.object({ state: z.literal('ready') }),
  z.object({ state: z.literal('disconnected'), message: z.string() }),
  z.object({ state: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type DeviceState = z.infer<typeof deviceStateSchema>;

export const devicesStatusSchema = z.object({
  reader: z.object({ path: z.string(), status: deviceStateSchema }),
  printer: z.object({
    path: z.string(),
    status: deviceStateSchema,
    /** Labels waiting to be printed (including one sent but not yet confirmed). */
    queued: z.number().int().nonnegative(),
  }),
});
export type DevicesStatus = z.infer<typeof devicesStatusSchema>;

/** A scan as announced to every client: whether it read, and why not; never what it read. */
export const scanEventSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), scanId: z.uuid() }),
  z.object({
    ok: z.literal(false),
    scanId: z.uuid(),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type ScanEvent = z.infer<typeof scanEventSchema>;

export const takeScanInput = z.strictObject({ scanId: z.uuid(fieldMessage('scan_id.unknown')) });

/**
 * Why a document the reader read well is still refused (DOMAIN.md 1.5, R1): a code the renderer
 * words in the interface language, with its parameter (the expiry date, 'YYYY-MM-DD').
 */
export const scanRefusalCodes = ['document_expired'] as const;
export type ScanRefusalCode = (typeof scanRefusalCodes)[number];
export const scanRefusalSchema = z.object({ code: z.enum(scanRefusalCodes), date: z.string() });
export type ScanRefusal = z.infer<typeof scanRefusalSchema>;

/**
 * What a good read fills in the form. Absent fields are left as the clerk typed them: the
 * Cyrillic names are never in the MRZ, the document type is only known for Belarusian documents.
 */
export const scannedDocumentSchema = z.object({
  idNumber: z.string().optional(),
  surnameLatin: z.string(),
  givenNamesLatin: z.string(),
  birthDate: z.string().optional(),
  sex: z.enum(['M', 'F']).optional(),
  citizenship: z.string(),
  documentType: z.enum(documentTypes).optional(),
  series: z.string().optional(),
  number: z.string(),
  expiresAt: z.string(),
  /** Things the clerk should look at (a name cut short by the MRZ length…), Russian. */
  warnings: z.array(z.string()),
  /**
   * Read well but refused (an expired document): the form shows what was read and why, and fills
   * nothing. Absent for a document that may be used.
   */
  refusal: scanRefusalSchema.optional(),
});
export type ScannedDocument = z.infer<typeof scannedDocumentSchema>;

export const portsSchema = z.object({ ports: z.array(z.string()) });

export const labelPreviewSchema = z.object({ svg: z.string() });

export const labelJobStates = ['queued', 'printed', 'unconfirmed'] as const;
export const labelJobSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['first', 'reprint', 'test']),
  state: z.enum(labelJobStates),
  queuedAt: z.string(),
  printedAt: z.string().nullable(),
});
export type LabelJobView = z.infer<typeof labelJobSchema>;

export const applicationLabelSchema = z.object({
  svg: z.string(),
  /** False when no printer is set up on this workstation (the label can still be previewed). */
  printerConfigured: z.boolean(),
  jobs: z.array(labelJobSchema),
});
export type ApplicationLabel = z.infer<typeof applicationLabelSchema>;

export const testLabelResult = z.object({
  jobId: z.uuid(),
  /** True once the printer confirmed it; false when it is still waiting in the queue. */
  printed: z.boolean(),
});

export const labelChangedSchema = z.object({
  applicationId: z.uuid().nullable(),
  jobId: z.uuid(),
  state: z.enum(labelJobStates),
});
