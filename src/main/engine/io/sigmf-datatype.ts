// SigMF sample datatypes, `(c|r)(f32|f64|i32|i16|u32|u16|i8|u8)(_le|_be)`, shared by the SigMF
// and raw I/Q importers: parsing the string and decoding bytes into float I/Q.
import { AppError } from '../../../shared/errors.ts';

export interface SampleDatatype {
  /** the canonical string, e.g. 'cf32_le' */
  name: string;
  complex: boolean;
  kind: 'f' | 'i' | 'u';
  bits: 8 | 16 | 32 | 64;
  littleEndian: boolean;
  /** bytes of one (possibly complex) sample of one channel */
  sampleBytes: number;
}

const datatypePattern = /^(c|r)(f32|f64|i32|i16|u32|u16|i8|u8)(?:_(le|be))?$/;

/** Parse a SigMF datatype string; `what` names the file or option it came from. */
export function parseDatatype(text: string, what: string): SampleDatatype {
  const m = datatypePattern.exec(text);
  const bad = () =>
    new AppError(
      'BAD_FILE',
      `${what}: unknown datatype '${text}', expected (c|r)(f32|f64|i32|i16|u32|u16|i8|u8)(_le|_be), e.g. cf32_le`,
    );
  if (!m) throw bad();
  const [, cr, body, endian] = m;
  const kind = body[0] as 'f' | 'i' | 'u';
  const bits = Number(body.slice(1)) as 8 | 16 | 32 | 64;
  // 8-bit types have no byte order; every wider type must state one.
  if ((bits === 8) !== (endian === undefined)) throw bad();
  const complex = cr === 'c';
  return {
    name: text,
    complex,
    kind,
    bits,
    littleEndian: endian !== 'be',
    sampleBytes: (bits / 8) * (complex ? 2 : 1),
  };
}

type ComponentReader = (view: DataView, byteOffset: number) => number;

/**
 * The reader of one component, already scaled: integers map to [-1, 1) by their full scale
 * (unsigned ones centred first) when `scaleIntegers`, else they keep their raw value.
 */
function componentReader(dt: SampleDatatype, scaleIntegers: boolean): ComponentReader {
  const le = dt.littleEndian;
  const full = 2 ** (dt.bits - 1);
  const s = scaleIntegers ? 1 / full : 1;
  const centre = scaleIntegers ? full : 0;
  switch (`${dt.kind}${dt.bits}`) {
    case 'f32':
      return (v, o) => v.getFloat32(o, le);
    case 'f64':
      return (v, o) => v.getFloat64(o, le);
    case 'i8':
      return (v, o) => v.getInt8(o) * s;
    case 'u8':
      return (v, o) => (v.getUint8(o) - centre) * s;
    case 'i16':
      return (v, o) => v.getInt16(o, le) * s;
    case 'u16':
      return (v, o) => (v.getUint16(o, le) - centre) * s;
    case 'i32':
      return (v, o) => v.getInt32(o, le) * s;
    case 'u32':
      return (v, o) => (v.getUint32(o, le) - centre) * s;
    default:
      throw new AppError('INTERNAL', `no reader for datatype ${dt.name}`);
  }
}

export interface DecodeLayout {
  /** interleaved channels in the stream (SigMF core:num_channels) */
  channels: number;
  /** which of them to read */
  channel: number;
  scaleIntegers: boolean;
}

/**
 * Decode `count` consecutive samples from `bytes` (starting at its first sample) into one
 * [2][count] block of `out` at `outOffset`: I into out[outOffset…], Q into out[outOffset+count…].
 * Real datatypes give Q = 0.
 */
export function decodeSamples(
  bytes: Uint8Array,
  dt: SampleDatatype,
  layout: DecodeLayout,
  count: number,
  out: Float32Array,
  outOffset: number,
): void {
  const read = componentReader(dt, layout.scaleIntegers);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stride = dt.sampleBytes * layout.channels;
  const first = dt.sampleBytes * layout.channel;
  const comp = dt.bits / 8;
  for (let k = 0; k < count; k++) {
    const o = k * stride + first;
    out[outOffset + k] = read(view, o);
    out[outOffset + count + k] = dt.complex ? read(view, o + comp) : 0;
  }
}
