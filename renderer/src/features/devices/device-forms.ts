/**
 * The device settings forms' values (all strings, as the fields hold them), their conversion to and
 * from the contract's settings, validation with the contract's schemas, and how each device saves.
 */
import {
  printerSettingsSchema,
  readerSettingsSchema,
  type AppError,
  type DeviceKind,
  type FieldErrors,
  type PrinterSettings,
  type ReaderSettings,
  type Result,
} from '../../../../preload/contract';
import { api } from '../../api';
import { zodFieldErrors } from '../../components/use-form';

export type SerialValues = { path: string; baudRate: string; dataBits: string; parity: string; stopBits: string; flowControl: string };
export type ReaderValues = SerialValues & { idleMs: string };
export type PrinterValues = SerialValues & { font: string };

export const serialValues = (s: ReaderSettings | PrinterSettings): SerialValues => ({
  path: s.path,
  baudRate: String(s.baudRate),
  dataBits: String(s.dataBits),
  parity: s.parity,
  stopBits: String(s.stopBits),
  flowControl: s.flowControl,
});

/** The form's strings as the contract's types; junk stays invalid for zod to explain. */
export const serialInput = (v: SerialValues) => ({
  path: v.path,
  baudRate: Number(v.baudRate),
  dataBits: Number(v.dataBits),
  parity: v.parity,
  stopBits: Number(v.stopBits),
  flowControl: v.flowControl,
});

export const toReaderValues = (s: ReaderSettings): ReaderValues => ({ ...serialValues(s), idleMs: String(s.idleMs) });
export const toPrinterValues = (s: PrinterSettings): PrinterValues => ({ ...serialValues(s), font: s.font });
export const readerInput = (v: ReaderValues) => ({ ...serialInput(v), idleMs: v.idleMs.trim() === '' ? undefined : Number(v.idleMs) });
export const printerInput = (v: PrinterValues) => ({ ...serialInput(v), font: v.font });
export const validateReader = (v: ReaderValues): FieldErrors => zodFieldErrors(readerSettingsSchema, readerInput(v));
export const validatePrinter = (v: PrinterValues): FieldErrors => zodFieldErrors(printerSettingsSchema, printerInput(v));

/** The main process keys field errors by the settings path (`reader.baudRate`); the form by field. */
export function withoutPrefix(error: AppError, prefix: DeviceKind): AppError {
  if (!error.fields) return error;
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([path, message]) => [path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path, message]),
  );
  return { ...error, fields };
}

export const sameValues = <V extends Record<string, string>>(a: V, b: V) => Object.keys(a).every((k) => a[k]?.trim() === b[k]?.trim());

export type SaveStatus = 'settings.saved' | 'settings.nothingChanged';

/** A device form's values: the serial line's fields plus the device's own, all strings. */
export type DeviceValues = SerialValues & Record<string, string>;

/** What differs between the two devices' settings forms. */
export type DeviceSpec<V extends DeviceValues> = {
  device: DeviceKind;
  validate: (values: V) => FieldErrors;
  /** Saves through `settings.update`; the saved values as the form shows them, or the error by field. */
  save: (values: V) => Promise<Result<V>>;
};

export const readerSpec: DeviceSpec<ReaderValues> = {
  device: 'reader',
  validate: validateReader,
  async save(values) {
    const parsed = readerSettingsSchema.safeParse(readerInput(values));
    if (!parsed.success) return { ok: false, error: { code: 'validation', message: '', fields: validateReader(values) } };
    const result = await api['settings.update']({ reader: parsed.data });
    return result.ok
      ? { ok: true, value: toReaderValues(result.value.values.reader) }
      : { ok: false, error: withoutPrefix(result.error, 'reader') };
  },
};

export const printerSpec: DeviceSpec<PrinterValues> = {
  device: 'printer',
  validate: validatePrinter,
  async save(values) {
    const parsed = printerSettingsSchema.safeParse(printerInput(values));
    if (!parsed.success) return { ok: false, error: { code: 'validation', message: '', fields: validatePrinter(values) } };
    const result = await api['settings.update']({ printer: parsed.data });
    return result.ok
      ? { ok: true, value: toPrinterValues(result.value.values.printer) }
      : { ok: false, error: withoutPrefix(result.error, 'printer') };
  },
};
