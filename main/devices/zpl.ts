/**
 * The application label in ZPL II, and the same layout as SVG for the on-screen preview.
 *
 * Layout: 58 × 40 mm at 203 dpi (8 dots/mm) = 464 × 320 dots.
 *
 * Font: DOMAIN.md §6.2 — the bitmap fonts A–H (including `^A0` on firmware where font 0 is a
 * bitmap) have no Cyrillic glyphs, so every text field uses a scalable TrueType font through
 * `^A@N,h,w,E:TT0003M_.TTF` (the resident Zebra TTF on the 14.x firmware that also has `^CI28`).
 * Which resident font covers Cyrillic depends on the model: the name is an option so an office
 * can point it at a downloaded font without a code change.
 *
 * Data escaping: every field is sent with `^FH_`, and `_`, `^`, `~` in the data are written as
 * `_5F`, `_5E`, `_7E`, so a clerk's name can never end the field or start a command. Control
 * characters become spaces.
 */
import type { LabelModel } from '../documents/label';
import { code128BBars, code128BModules } from './code128';

export const LABEL_WIDTH_DOTS = 464;
export const LABEL_HEIGHT_DOTS = 320;
const MARGIN = 24;
const MODULE_DOTS = 2; // ^BY2
const BARCODE_HEIGHT = 80;

export interface ZplOptions {
  /** A Cyrillic-capable font on the printer (see the header comment). */
  readonly font?: string;
}

export const DEFAULT_ZPL_FONT = 'E:TT0003M_.TTF';

interface TextField {
  readonly y: number;
  readonly height: number;
  readonly text: string;
}

/** The positions shared by ZPL and SVG, so the preview is the label. */
function layout(model: LabelModel): { texts: TextField[]; barcodeY: number; journalY: number } {
  return {
    texts: [
      { y: 16, height: 36, text: model.procedure },
      { y: 212, height: 28, text: model.date },
      { y: 252, height: 28, text: model.clerkName },
    ],
    barcodeY: 64,
    journalY: 64 + BARCODE_HEIGHT + 4, // the interpretation line printed by ^BC…,Y
  };
}

/** `^FH_` data: `_`, `^`, `~` as hex escapes, control characters as spaces. */
export function escapeFieldData(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '_') out += '_5F';
    else if (ch === '^') out += '_5E';
    else if (ch === '~') out += '_7E';
    else if ((ch.codePointAt(0) ?? 0) < 0x20 || ch === '\u007f') out += ' ';
    else out += ch;
  }
  return out;
}

/** Inverse of {@link escapeFieldData} for the ASCII escapes (used by the simulator and tests). */
export function unescapeFieldData(data: string, indicator = '_'): string {
  const bytes: number[] = [];
  const buf = Buffer.from(data, 'utf8');
  const ind = indicator.charCodeAt(0);
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] ?? 0;
    const hex = buf.subarray(i + 1, i + 3).toString('latin1');
    if (b === ind && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

export function renderLabelZpl(model: LabelModel, options: ZplOptions = {}): string {
  const font = options.font ?? DEFAULT_ZPL_FONT;
  const { texts, barcodeY } = layout(model);
  const lines = ['^XA', '^CI28', `^PW${LABEL_WIDTH_DOTS}`, `^LL${LABEL_HEIGHT_DOTS}`];
  const text = (f: TextField) => `^FO${MARGIN},${f.y}^A@N,${f.height},${f.height},${font}^FH_^FD${escapeFieldData(f.text)}^FS`;
  const [procedure, ...rest] = texts;
  if (procedure) lines.push(text(procedure));
  lines.push(`^FO${MARGIN},${barcodeY}^BY${MODULE_DOTS}^BCN,${BARCODE_HEIGHT},Y,N,N^FH_^FD${escapeFieldData(model.journalNo)}^FS`);
  for (const f of rest) lines.push(text(f));
  lines.push('^XZ');
  return lines.join('\n') + '\n';
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The label as SVG (units = printer dots), barcode drawn from the real Code 128 B encoding. */
export function renderLabelSvg(model: LabelModel): string {
  const { texts, barcodeY, journalY } = layout(model);
  const bars = code128BBars(model.journalNo)
    .map((b) => `<rect x="${MARGIN + b.x * MODULE_DOTS}" y="${barcodeY}" width="${b.width * MODULE_DOTS}" height="${BARCODE_HEIGHT}"/>`)
    .join('');
  const barcodeWidth = code128BModules(model.journalNo) * MODULE_DOTS;
  const textEl = (f: TextField) =>
    `<text x="${MARGIN}" y="${f.y + f.height * 0.8}" font-size="${f.height}" font-family="Arial, Helvetica, sans-serif">${xml(f.text)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${LABEL_WIDTH_DOTS} ${LABEL_HEIGHT_DOTS}" width="${LABEL_WIDTH_DOTS}" height="${LABEL_HEIGHT_DOTS}">`,
    `<rect x="0" y="0" width="${LABEL_WIDTH_DOTS}" height="${LABEL_HEIGHT_DOTS}" fill="#fff"/>`,
    texts.map(textEl).join(''),
    `<g fill="#000" data-barcode="code128" data-value="${xml(model.journalNo)}">${bars}</g>`,
    `<text x="${MARGIN + barcodeWidth / 2}" y="${journalY + 20}" font-size="22" text-anchor="middle" font-family="monospace">${xml(model.journalNo)}</text>`,
    '</svg>',
  ].join('');
}
