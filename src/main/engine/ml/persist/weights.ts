// Weights blob: 'AMRW' | u32 manifest length | manifest JSON | zero pad to 4 | float32 data.
// The manifest lists {name, shape, offset} per weight, keyed by '<layer>/<weight>' names that
// the model builders keep stable, so a pruned model can pick weights from its parent by name.
import { AppError } from '../../../../shared/errors.ts';
import { tf, tfl } from '../tfjs.ts';

const magic = 0x57524d41; // 'AMRW' little-endian

export interface WeightEntry {
  name: string;
  shape: number[];
  /** offset in float32 values from the start of the data section */
  offset: number;
}

export type NamedWeights = Map<string, { shape: number[]; values: Float32Array }>;

export function encodeWeights(weights: NamedWeights): Uint8Array {
  const manifest: WeightEntry[] = [];
  let total = 0;
  for (const [name, w] of weights) {
    manifest.push({ name, shape: w.shape, offset: total });
    total += w.values.length;
  }
  const json = new TextEncoder().encode(JSON.stringify({ version: 1, weights: manifest }));
  const dataStart = Math.ceil((8 + json.length) / 4) * 4;
  const out = new Uint8Array(dataStart + total * 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, true);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  const data = new Float32Array(out.buffer, dataStart, total);
  for (const [i, w] of [...weights.values()].entries()) data.set(w.values, manifest[i]!.offset);
  return out;
}

export function decodeWeights(blob: Uint8Array, where: string): NamedWeights {
  if (blob.byteLength < 8) throw new AppError('BAD_FILE', `${where}: weights blob of ${blob.byteLength} bytes is too short`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (view.getUint32(0, true) !== magic) throw new AppError('BAD_FILE', `${where}: expected an AMRW weights blob, found another format`);
  const jsonLength = view.getUint32(4, true);
  if (8 + jsonLength > blob.byteLength) throw new AppError('BAD_FILE', `${where}: weights manifest runs past the end of the blob`);
  let manifest: { weights: WeightEntry[] };
  try {
    manifest = JSON.parse(new TextDecoder().decode(blob.subarray(8, 8 + jsonLength)));
  } catch {
    throw new AppError('BAD_FILE', `${where}: weights manifest is not valid JSON`);
  }
  const dataStart = Math.ceil((8 + jsonLength) / 4) * 4;
  const floats = (blob.byteLength - dataStart) / 4;
  // Copy out so the floats are aligned whatever the blob's own offset is.
  const data = new Float32Array(blob.slice(dataStart, dataStart + Math.floor(floats) * 4).buffer);
  const out: NamedWeights = new Map();
  for (const e of manifest.weights) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (e.offset + size > data.length) throw new AppError('BAD_FILE', `${where}: weight '${e.name}' runs past the end of the data`);
    out.set(e.name, { shape: e.shape, values: data.subarray(e.offset, e.offset + size) });
  }
  return out;
}

/** The stable name of a layer variable ('conv1/kernel'), whatever suffix TF.js gave it. */
function weightName(w: tfl.LayerVariable): string {
  return w.originalName;
}

/** All weights of a model (trainable and BN statistics), copied off the backend. */
export function readModelWeights(model: tfl.LayersModel): NamedWeights {
  const out: NamedWeights = new Map();
  for (const w of model.weights) {
    out.set(weightName(w), { shape: [...w.shape] as number[], values: w.read().dataSync() as Float32Array });
  }
  return out;
}

export function serializeModelWeights(model: tfl.LayersModel): Uint8Array {
  return encodeWeights(readModelWeights(model));
}

/**
 * Copies weights into a model by name. strict: every model weight must be present with the
 * same shape; otherwise weights missing from the source keep their initial values and the
 * names copied are returned (for pruned or extended models).
 */
export function assignModelWeights(model: tfl.LayersModel, weights: NamedWeights, opts: { strict?: boolean; where?: string } = {}): string[] {
  const where = opts.where ?? 'weights';
  const copied: string[] = [];
  for (const w of model.weights) {
    const name = weightName(w);
    const src = weights.get(name);
    const shapeMatches = src !== undefined && src.shape.length === w.shape.length && src.shape.every((d, i) => d === w.shape[i]);
    if (!shapeMatches) {
      if (opts.strict !== false) {
        const found = src ? `shape [${src.shape.join(', ')}]` : 'nothing';
        throw new AppError('BAD_FILE', `${where}: weight '${name}' expected shape [${w.shape.join(', ')}], found ${found}`);
      }
      continue;
    }
    const value = tf.tensor(src.values, src.shape);
    w.write(value);
    value.dispose();
    copied.push(name);
  }
  return copied;
}
