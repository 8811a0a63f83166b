import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMrz } from '../../main/domain/mrz';
import { createReaderFramer, type FramerOutput, type ReaderFramerOptions, type ReaderFraming } from '../../main/devices/reader-framer';
import { encodeReaderFrame, type SimFraming } from '../simulators/card-reader';

const TODAY = '2025-11-23';
/** vectors.md by_td3_male (L1, L2 of section G) and by_td1_idcard. */
const L1 = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<';
const L2 = 'MP12345677BLR8702274M30011563270287A012PB284';
const TD3 = `${L1}\n${L2}`;
const TD1 = ['IDBLRAB123456713270287A012PB2<', '8702274M3109018BLR<<<<<<<<<<<2', 'IVANOU<<IVAN<<<<<<<<<<<<<<<<<<'].join('\n');

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const messages = (out: FramerOutput[]): Extract<FramerOutput, { kind: 'message' }>[] =>
  out.filter((m): m is Extract<FramerOutput, { kind: 'message' }> => m.kind === 'message');

/** Feeds timed chunks, fires the framer's deadline like a timer would, then lets it expire. */
function run(chunks: { at: number; data: Uint8Array }[], options: ReaderFramerOptions = {}): FramerOutput[] {
  const framer = createReaderFramer(options);
  const out: FramerOutput[] = [];
  for (const { at, data } of chunks) {
    const due = framer.deadline();
    if (due !== null && due <= at) out.push(...framer.tick(due));
    out.push(...framer.push(data, at));
  }
  for (let i = 0; i < 5; i++) {
    const due = framer.deadline();
    if (due === null) break;
    out.push(...framer.tick(due));
  }
  expect(framer.deadline()).toBeNull();
  return out;
}

const once = (s: string | Uint8Array, options: ReaderFramerOptions = {}): FramerOutput[] =>
  run([{ at: 0, data: typeof s === 'string' ? bytes(s) : s }], options);

type Vector = {
  id: string;
  chunks: { at: number; data: string }[];
  options?: ReaderFramerOptions;
  /** Expected messages: text and framing; `parses` = the MRZ parser's verdict (true or an error code). */
  expected: { text: string; framing: ReaderFraming; parses: true | string }[];
};

const at0 = (data: string): { at: number; data: string }[] => [{ at: 0, data }];

const vectors: Vector[] = [
  { id: 'DEV1 CR lines', chunks: at0(`${L1}\r${L2}\r`), expected: [{ text: TD3, framing: 'lines', parses: true }] },
  { id: 'DEV2 CRLF lines', chunks: at0(`${L1}\r\n${L2}\r\n`), expected: [{ text: TD3, framing: 'lines', parses: true }] },
  { id: 'LF lines', chunks: at0(`${L1}\n${L2}\n`), expected: [{ text: TD3, framing: 'lines', parses: true }] },
  {
    id: 'lines without a final terminator (idle ends it)',
    chunks: at0(`${L1}\r${L2}`),
    expected: [{ text: TD3, framing: 'lines', parses: true }],
  },
  { id: 'empty trailing line tolerated', chunks: at0(`${L1}\r${L2}\r\r\n`), expected: [{ text: TD3, framing: 'lines', parses: true }] },
  { id: 'leading empty line tolerated', chunks: at0(`\r\n${L1}\r\n${L2}\r\n`), expected: [{ text: TD3, framing: 'lines', parses: true }] },
  {
    id: 'DEV3 DESKO, control SOD/EOD',
    chunks: at0(`\x1c\x31\x02${L1}\r${L2}\r\x03\x1d\x31`),
    expected: [{ text: TD3, framing: 'desko', parses: true }],
  },
  {
    id: 'DEV3 DESKO, printable SOD/EOD',
    chunks: at0(`SOD1\x02${L1}\r${L2}\r\x03EOD1`),
    expected: [{ text: TD3, framing: 'desko', parses: true }],
  },
  { id: 'STX/ETX', chunks: at0(`\x02${L1}\r${L2}\r\x03`), expected: [{ text: TD3, framing: 'stx', parses: true }] },
  { id: 'STX/ETX, no CR before ETX', chunks: at0(`\x02${L1}\r${L2}\x03`), expected: [{ text: TD3, framing: 'stx', parses: true }] },
  { id: 'STX/ETX + CRLF suffix', chunks: at0(`\x02${L1}\r${L2}\r\x03\r\n`), expected: [{ text: TD3, framing: 'stx', parses: true }] },
  {
    id: 'DEV4 3M, empty top line, BCC',
    chunks: at0(`\x01\x00\x5fOU\x020\r${L1}\r${L2}\r\x03\x7a`),
    expected: [{ text: TD3, framing: '3m', parses: true }],
  },
  {
    id: 'DEV4 3M, top line padded with _',
    chunks: at0(`\x01\x00\x8bOU\x020${'_'.repeat(44)}\r${L1}\r${L2}\r\x03\x02`),
    expected: [{ text: TD3, framing: '3m', parses: true }],
  },
  {
    id: 'DEV4 3M short read padded with _ → stripped → line_length',
    chunks: at0(`\x01\x00\x8bOU\x020\r${L1}\r${L2.slice(0, 40)}____\r\x03\x0d`),
    expected: [{ text: `${L1}\n${L2.slice(0, 40)}`, framing: '3m', parses: 'line_length' }],
  },
  {
    id: 'DEV5 rows 400 ms apart, idle 200 ms → buffered into one read',
    chunks: [
      { at: 0, data: `${L1}\r` },
      { at: 400, data: `${L2}\r` },
    ],
    expected: [{ text: TD3, framing: 'lines', parses: true }],
  },
  {
    id: 'DEV5 rows 400 ms apart, partial wait 300 ms → two partial reads',
    chunks: [
      { at: 0, data: `${L1}\r` },
      { at: 400, data: `${L2}\r` },
    ],
    options: { partialMs: 300 },
    expected: [
      { text: L1, framing: 'lines', parses: 'line_count' },
      { text: L2, framing: 'lines', parses: 'line_count' },
    ],
  },
  {
    id: 'DEV6 wedge with Caps Lock: kept lowercase, parser refuses',
    chunks: at0(`${L1.toLowerCase()}\r${L2.toLowerCase()}\r`),
    expected: [{ text: `${L1.toLowerCase()}\n${L2.toLowerCase()}`, framing: 'lines', parses: 'lowercase' }],
  },
  {
    id: 'DEV7 Cyrillic in line 2: kept, parser refuses',
    chunks: at0(`${L1}\rМР${L2.slice(2)}\r`),
    expected: [{ text: `${L1}\nМР${L2.slice(2)}`, framing: 'lines', parses: 'cyrillic_characters' }],
  },
  { id: 'TD1 CR lines', chunks: at0(TD1.replace(/\n/g, '\r') + '\r'), expected: [{ text: TD1, framing: 'lines', parses: true }] },
  {
    id: 'stray ETX/NUL/EOT outside frames dropped',
    chunks: at0(`\x03\x00${L1}\r\x04${L2}\r\x03`),
    expected: [{ text: TD3, framing: 'lines', parses: true }],
  },
  {
    id: 'restarted STX frame drops the broken start',
    chunks: at0(`\x02${L1.slice(0, 20)}\x02${L1}\r${L2}\r\x03`),
    expected: [{ text: TD3, framing: 'stx', parses: true }],
  },
  {
    id: 'frame without ETX delivered after the frame timeout',
    chunks: at0(`\x02${L1}\r${L2}\r`),
    expected: [{ text: TD3, framing: 'stx', parses: true }],
  },
  {
    id: 'complete lines before a frame are their own message',
    chunks: at0(`junk\r\x02${L1}\r${L2}\r\x03`),
    expected: [
      { text: 'junk', framing: 'lines', parses: 'line_count' },
      { text: TD3, framing: 'stx', parses: true },
    ],
  },
  {
    id: 'garbage tail glued to line 1 is not dropped',
    chunks: at0(`zz${L1}\r${L2}\r`),
    expected: [{ text: `zz${L1}\n${L2}`, framing: 'lines', parses: 'line_length' }],
  },
  {
    id: 'a lone _ (decodes to nothing) still expires instead of gluing to the next read',
    chunks: [
      { at: 0, data: '_' },
      { at: 1000, data: `${L1}\r${L2}\r` },
    ],
    expected: [{ text: TD3, framing: 'lines', parses: true }],
  },
  {
    id: 'two scans back to back',
    chunks: at0(`${L1}\r${L2}\r${L1}\r${L2}\r`),
    expected: [
      { text: TD3, framing: 'lines', parses: true },
      { text: TD3, framing: 'lines', parses: true },
    ],
  },
];

describe('reader framer: vectors', () => {
  it.each(vectors)('$id', ({ chunks, options, expected }) => {
    const out = run(
      chunks.map((c) => ({ at: c.at, data: bytes(c.data) })),
      options,
    );
    expect(out.filter((o) => o.kind === 'noise')).toEqual([]);
    const got = messages(out);
    expect(got.map(({ text, framing }) => ({ text, framing }))).toEqual(expected.map(({ text, framing }) => ({ text, framing })));
    got.forEach((m, i) => {
      const result = parseMrz(m.text, { today: TODAY });
      const want = expected[i]?.parses;
      if (want === true) expect(result.ok).toBe(true);
      else expect(result.ok ? 'ok' : result.error.code).toBe(want);
    });
  });

  it('drops an over-long run of bytes as noise, then reads normally', () => {
    const out = once(`${'A'.repeat(2000)}\r${L1}\r${L2}\r`, { maxMessageBytes: 512 });
    expect(out[0]).toEqual({ kind: 'noise', reason: 'overflow' });
    // The rest of the run (discarded until a pause) never glues into the next read.
    expect(messages(out)).toEqual([]);
    const framer = createReaderFramer();
    framer.push(bytes('A'.repeat(600)), 0);
    framer.tick(framer.deadline() ?? 0);
    expect(messages(framer.push(bytes(`${L1}\r${L2}\r`), 1000)).map((m) => m.text)).toEqual([TD3]);
  });

  it('reset drops everything pending', () => {
    const framer = createReaderFramer();
    framer.push(bytes(`${L1}\r`), 0);
    framer.reset();
    expect(framer.deadline()).toBeNull();
    expect(messages(framer.push(bytes(`${L2}\r`), 10))).toEqual([]);
  });
});

const framings: SimFraming[] = ['stx', 'desko', '3m', 'lines'];

describe('reader framer: random chunking', () => {
  it.each(framings.flatMap((framing) => [TD3, TD1].map((mrz) => ({ framing, mrz, format: mrz === TD3 ? 'TD3' : 'TD1' }))))(
    '$framing $format split into random chunks arrives as exactly one message',
    ({ framing, mrz }) => {
      const frame = encodeReaderFrame(mrz, framing);
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: frame.length }), { maxLength: 20 }),
          fc.array(fc.integer({ min: 0, max: 150 }), { minLength: 20, maxLength: 20 }),
          (cuts, gaps) => {
            const points = [...new Set([0, ...cuts, frame.length])].sort((a, b) => a - b);
            let t = 0;
            const chunks = points.slice(0, -1).map((start, i) => {
              t += gaps[i] ?? 0;
              return { at: t, data: frame.subarray(start, points[i + 1]) };
            });
            const out = run(chunks);
            expect(out).toEqual([{ kind: 'message', framing, text: mrz }]);
          },
        ),
        { numRuns: 200 },
      );
    },
  );
});

describe('reader framer: garbage', () => {
  const noisyByte = fc.oneof(
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom(0x01, 0x02, 0x03, 0x0d, 0x0a, 0x3c, 0x5f, 0x4f, 0x55),
    fc.constantFrom(...bytes('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<')),
  );

  it('random bytes never produce a message that parses', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 120 }), { maxLength: 30 }),
        fc.array(noisyByte, { maxLength: 400 }),
        (parts, extra) => {
          const out = run([...parts.map((data, i) => ({ at: i * 50, data })), { at: parts.length * 50, data: Uint8Array.from(extra) }]);
          for (const m of messages(out)) expect(parseMrz(m.text, { today: TODAY }).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('garbage, a pause, then a frame: exactly one good read, nothing glued', () => {
    fc.assert(
      fc.property(fc.array(noisyByte, { maxLength: 300 }), fc.constantFrom(...framings), (noise, framing) => {
        const out = run([
          { at: 0, data: Uint8Array.from(noise) },
          { at: 2000, data: encodeReaderFrame(TD3, framing) },
        ]);
        const good = messages(out).filter((m) => parseMrz(m.text, { today: TODAY }).ok);
        expect(good.map((m) => m.text)).toEqual([TD3]);
      }),
      { numRuns: 300 },
    );
  });

  it('garbage glued before a frame without a pause never yields a wrong good read', () => {
    fc.assert(
      fc.property(fc.array(noisyByte, { maxLength: 300 }), fc.constantFrom(...framings), (noise, framing) => {
        const out = once(Buffer.concat([Uint8Array.from(noise), encodeReaderFrame(TD3, framing)]));
        // The parser trims each line, so noise such as a tab glued to the first line still reads
        // as this document; a good read must never be anyone else's.
        for (const m of messages(out)) {
          const read = parseMrz(m.text, { today: TODAY });
          if (read.ok) expect(read).toEqual(parseMrz(TD3, { today: TODAY }));
        }
      }),
      { numRuns: 300 },
    );
  });
});
