import { describe, expect, it } from 'vitest';
import {
  parseTsplStatusByte,
  parseZebraHostStatus,
  parseZebraHsAnswer,
  statusProblem,
  StatusFormatError,
  ZebraStatusAccumulator,
} from '../../main/devices/zebra-status';

const frame = (...strings: string[]) => strings.map((s) => `\x02${s}\x03\r\n`).join('');
const S2_OK = '001,0,0,0,0,2,0,0,00000000,1,000';
const S3 = '1234,0';

// vectors.md §G (ZHS2 gives only string 1; strings 2 and 3 are ZHS1's).
const ZHS = {
  ZHS1: frame('030,0,0,0406,000,0,0,0,000,0,0,0', S2_OK, S3),
  ZHS2: frame('030,1,1,0406,000,0,0,0,000,0,0,0', S2_OK, S3),
  ZHS3: frame('030,0,0,0406,000,0,0,0,000,0,0,0', '001,0,1,0,0,2,0,0,00000000,1,000', S3),
};

describe('Zebra ~HS (vectors ZHS1–ZHS3; ZHS4 = no answer is covered by the device tests)', () => {
  it.each([
    ['ZHS1', ZHS.ZHS1, { paperOut: false, paused: false, headOpen: false, ribbonOut: false }, null],
    ['ZHS2', ZHS.ZHS2, { paperOut: true, paused: true, headOpen: false, ribbonOut: false }, 'paper_out'],
    ['ZHS3', ZHS.ZHS3, { paperOut: false, paused: false, headOpen: true, ribbonOut: false }, 'head_open'],
  ] as const)('%s', (_name, raw, flags, code) => {
    const status = parseZebraHsAnswer(raw);
    expect(status).toMatchObject(flags);
    expect(statusProblem(status)?.code ?? null).toBe(code);
  });

  it('ZHS1 details: label length 406 dots, tear-off mode, empty buffer', () => {
    expect(parseZebraHsAnswer(ZHS.ZHS1)).toMatchObject({
      labelLengthDots: 406,
      printMode: 2,
      formatsInBuffer: 0,
      bufferFull: false,
      partialFormat: false,
      labelsRemaining: 0,
    });
  });

  it('decodes ribbon out, buffer full, partial format, temperature and formats waiting', () => {
    const s = parseZebraHostStatus(['030,0,0,0406,003,1,0,1,000,0,0,1', '001,0,0,1,0,2,0,0,00000005,1,000', S3]);
    expect(s).toMatchObject({
      ribbonOut: true,
      bufferFull: true,
      partialFormat: true,
      overTemperature: true,
      formatsInBuffer: 3,
      labelsRemaining: 5,
    });
    expect(statusProblem(s)?.code).toBe('ribbon_out');
  });

  it('assembles an answer split into arbitrary chunks, ignoring noise between frames', () => {
    const bytes = Buffer.from('\r\nxx' + ZHS.ZHS3, 'latin1');
    for (const size of [1, 2, 5, 7, 13]) {
      const acc = new ZebraStatusAccumulator();
      const results = [];
      for (let i = 0; i < bytes.length; i += size) {
        const r = acc.push(bytes.subarray(i, i + size));
        if (r) results.push(r);
      }
      expect(results, `chunk ${size}`).toHaveLength(1);
      expect(results[0]?.headOpen).toBe(true);
    }
  });

  it('an answer in two pieces: pending in between, then complete and reset', () => {
    const acc = new ZebraStatusAccumulator();
    expect(acc.push(Buffer.from(ZHS.ZHS1.slice(0, 20), 'latin1'))).toBeNull();
    expect(acc.pending).toBe(true);
    expect(acc.push(Buffer.from(ZHS.ZHS1.slice(20), 'latin1'))?.paperOut).toBe(false);
    expect(acc.pending).toBe(false);
  });

  it('refuses an incomplete or malformed answer', () => {
    expect(() => parseZebraHsAnswer(frame('030,0,0,0406,000,0,0,0,000,0,0,0', S2_OK))).toThrow(StatusFormatError);
    expect(() => parseZebraHsAnswer(frame('030,0,0', S2_OK, S3))).toThrow(StatusFormatError);
    expect(() => parseZebraHsAnswer(frame('030,X,0,0406,000,0,0,0,000,0,0,0', S2_OK, S3))).toThrow(StatusFormatError);
  });
});

describe('TSPL <ESC>!? status byte (vectors TS1–TS7)', () => {
  it.each([
    ['TS1', 0x00, {}, null],
    ['TS2', 0x01, { headOpen: true }, 'head_open'],
    ['TS3', 0x04, { paperOut: true }, 'paper_out'],
    ['TS4', 0x05, { paperOut: true, headOpen: true }, 'head_open'],
    ['TS5', 0x08, { ribbonOut: true }, 'ribbon_out'],
    ['TS6', 0x10, { paused: true }, 'paused'],
    ['TS7', 0x20, { printing: true }, null],
  ] as const)('%s = 0x%s', (_name, byte, flags, code) => {
    const status = parseTsplStatusByte(byte);
    const all = { headOpen: false, paperJam: false, paperOut: false, ribbonOut: false, paused: false, printing: false, coverOpen: false };
    expect(status).toMatchObject({ ...all, ...flags });
    expect(statusProblem(status)?.code ?? null).toBe(code);
  });

  it('bits 1, 6, 7: paper jam, cover open, temperature', () => {
    expect(statusProblem(parseTsplStatusByte(0x02))?.code).toBe('paper_jam');
    expect(statusProblem(parseTsplStatusByte(0x40))?.code).toBe('cover_open');
    expect(statusProblem(parseTsplStatusByte(0x80))?.code).toBe('temperature');
  });
});

describe('statusProblem messages', () => {
  it('are Russian, say what happened and what to do', () => {
    const p = statusProblem(parseTsplStatusByte(0x04));
    expect(p?.message).toMatch(/закончились этикетки/);
    expect(p?.message).toMatch(/Вставьте/);
    expect(statusProblem(parseTsplStatusByte(0x10))?.message).toMatch(/пауз/);
  });
});
