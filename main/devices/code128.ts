/**
 * Code 128, code set B (ASCII 32–126), written out so the on-screen preview draws the very
 * barcode the printer prints for `^BCN,…,N` (mode N starts in subset B for plain data).
 *
 * Symbol = 3 bars + 3 spaces, 11 modules; the stop symbol has a final 2-module bar (13 modules).
 * Checksum = (start value + Σ position × value) mod 103, positions counted from 1.
 */

/** Bar/space widths (bar first) for symbol values 0–106 (ISO/IEC 15417 table). */
// prettier-ignore
export const CODE128_PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export const START_B = 104;
export const STOP = 106;

export class Code128Error extends Error {}

/** Symbol values for `text` in code set B: start, data…, checksum, stop. */
export function code128BValues(text: string): number[] {
  if (text.length === 0) throw new Code128Error('Code 128: пустые данные');
  const data: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 32 || code > 126) throw new Code128Error(`Code 128 B: символ «${ch}» не кодируется`);
    data.push(code - 32);
  }
  const checksum = data.reduce((sum, v, i) => sum + v * (i + 1), START_B) % 103;
  return [START_B, ...data, checksum, STOP];
}

/** The checksum symbol value alone (for tests and diagnostics). */
export function code128BChecksum(text: string): number {
  const values = code128BValues(text);
  return values[values.length - 2] ?? 0;
}

/** Module widths (bar, space, bar, …, final bar) of the whole symbol, without quiet zones. */
export function code128BWidths(text: string): number[] {
  return code128BValues(text).flatMap((v) => [...(CODE128_PATTERNS[v] ?? '')].map(Number));
}

/** Bars as [start module, width in modules], for drawing. */
export function code128BBars(text: string): { x: number; width: number }[] {
  const bars: { x: number; width: number }[] = [];
  let x = 0;
  code128BWidths(text).forEach((w, i) => {
    if (i % 2 === 0) bars.push({ x, width: w });
    x += w;
  });
  return bars;
}

/** Total width in modules, without quiet zones: 11 per symbol + 2 for the stop's final bar. */
export const code128BModules = (text: string): number => code128BWidths(text).reduce((a, b) => a + b, 0);
