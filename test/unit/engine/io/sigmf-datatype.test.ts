import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors.ts';
import { decodeSamples, parseDatatype } from '../../../../src/main/engine/io/sigmf-datatype.ts';

const kinds = ['f32', 'f64', 'i32', 'i16', 'u32', 'u16', 'i8', 'u8'] as const;

/** Encode one component value with Node's own Buffer writers (independent of the decoder). */
function writeComponent(buf: Buffer, at: number, kind: string, le: boolean, v: number): void {
  const e = le ? 'LE' : 'BE';
  switch (kind) {
    case 'f32': return void buf[`writeFloat${e}`](v, at);
    case 'f64': return void buf[`writeDouble${e}`](v, at);
    case 'i32': return void buf[`writeInt32${e}`](v, at);
    case 'u32': return void buf[`writeUInt32${e}`](v, at);
    case 'i16': return void buf[`writeInt16${e}`](v, at);
    case 'u16': return void buf[`writeUInt16${e}`](v, at);
    case 'i8': return void buf.writeInt8(v, at);
    case 'u8': return void buf.writeUInt8(v, at);
  }
}

function fullScale(kind: string): number {
  return 2 ** (Number(kind.slice(1)) - 1);
}

describe('parseDatatype', () => {
  it('accepts every core datatype, with endianness only for wider than 8 bits', () => {
    for (const cr of ['c', 'r']) {
      for (const k of kinds) {
        const names = k.endsWith('8') ? [`${cr}${k}`] : [`${cr}${k}_le`, `${cr}${k}_be`];
        for (const name of names) {
          const dt = parseDatatype(name, 'x.sigmf-meta');
          expect(dt.complex).toBe(cr === 'c');
          expect(dt.sampleBytes).toBe((Number(k.slice(1)) / 8) * (cr === 'c' ? 2 : 1));
          expect(dt.littleEndian).toBe(!name.endsWith('_be'));
        }
      }
    }
  });

  it.each(['cf32', 'ci8_le', 'cu8_be', 'cf16_le', 'complex64', '', 'CF32_LE'])('rejects %j naming the file', (name) => {
    const err = (() => {
      try {
        parseDatatype(name, '/data/rec.sigmf-meta');
      } catch (e) {
        return e;
      }
    })() as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toContain('/data/rec.sigmf-meta');
    expect(err.message).toContain(`unknown datatype '${name}'`);
  });
});

describe('decodeSamples', () => {
  it('decodes every complex datatype in both byte orders into scaled I and Q rows', () => {
    for (const k of kinds) {
      for (const le of k.endsWith('8') ? [true] : [true, false]) {
        const dt = parseDatatype(k.endsWith('8') ? `c${k}` : `c${k}_${le ? 'le' : 'be'}`, 't');
        const comp = dt.sampleBytes / 2;
        const unsigned = k.startsWith('u');
        const full = fullScale(k);
        // I ramps up, Q ramps down; integers use values spread over their range
        const n = 5;
        const iv = Array.from({ length: n }, (_, j) => (k.startsWith('f') ? 0.25 * j - 0.5 : Math.round((j - 2) * full * 0.3)));
        const qv = iv.map((v) => -v);
        const buf = Buffer.alloc(n * dt.sampleBytes);
        for (let j = 0; j < n; j++) {
          writeComponent(buf, j * dt.sampleBytes, k, le, unsigned ? iv[j] + full : iv[j]);
          writeComponent(buf, j * dt.sampleBytes + comp, k, le, unsigned ? qv[j] + full : qv[j]);
        }
        const out = new Float32Array(2 * n + 3);
        decodeSamples(buf, dt, { channels: 1, channel: 0, scaleIntegers: true }, n, out, 3);
        const scale = k.startsWith('f') ? 1 : 1 / full;
        for (let j = 0; j < n; j++) {
          expect(out[3 + j]).toBeCloseTo(iv[j] * scale, 6);
          expect(out[3 + n + j]).toBeCloseTo(qv[j] * scale, 6);
        }
      }
    }
  });

  it('keeps raw integer values when scaling is off, picks one channel, and gives Q = 0 for real data', () => {
    const dt = parseDatatype('ri16_be', 't');
    const buf = Buffer.alloc(2 * 3 * 2);
    [10, -20, 30, -40, 50, -60].forEach((v, i) => buf.writeInt16BE(v, 2 * i));
    const out = new Float32Array(6);
    decodeSamples(buf, dt, { channels: 2, channel: 1, scaleIntegers: false }, 3, out, 0);
    expect(Array.from(out)).toEqual([-20, -40, -60, 0, 0, 0]);
  });
});
