// The frequency-domain view of a batch of I/Q signals for MDM's second matching term, as one
// matrix product so that its gradient with respect to the synthetic signals is exact and cheap.
//
// 'complex' (default): the DFT of x = I + jQ, scaled 1/√L, laid out as [Re; Im] → [n, 2, L].
// 'per-rail': the DFT of the I rail and of the Q rail on their own, scaled 1/√L, each row
// [Re | Im] → [n, 2, 2L] (a real rail's spectrum is Hermitian, so its two halves repeat).
// Both keep two rows, so every embedder that takes I/Q takes a spectrum too.
import { tf } from '../tfjs.ts';
import { frequencyModes, type FrequencyMode } from './config.ts';

export interface FrequencyView {
  readonly mode: FrequencyMode;
  /** [n, 2, L] signals → [n, 2, outputLength] spectra */
  apply(x: tf.Tensor3D): tf.Tensor3D;
  readonly outputLength: number;
  dispose(): void;
}

/** cos(2πnk/L)/√L and sin(2πnk/L)/√L, n rows, k columns, angles reduced exactly mod L. */
function dftTables(length: number): { cos: Float32Array; sin: Float32Array } {
  const cos = new Float32Array(length * length);
  const sin = new Float32Array(length * length);
  const scale = 1 / Math.sqrt(length);
  for (let n = 0; n < length; n++) {
    for (let k = 0; k < length; k++) {
      const angle = (2 * Math.PI * ((n * k) % length)) / length;
      cos[n * length + k] = Math.cos(angle) * scale;
      sin[n * length + k] = Math.sin(angle) * scale;
    }
  }
  return { cos, sin };
}

/**
 * The 2L×2L real matrix M with [a | b]·M = [Re X | Im X] for X = DFT(a + jb)/√L:
 * Re X = a·C + b·S and Im X = b·C − a·S, with C = cos and S = sin tables (e^{−jθ} = cos θ − j sin θ).
 */
function complexDftMatrix(length: number): Float32Array {
  const { cos, sin } = dftTables(length);
  const width = 2 * length;
  const m = new Float32Array(width * width);
  for (let n = 0; n < length; n++) {
    for (let k = 0; k < length; k++) {
      const c = cos[n * length + k]!;
      const s = sin[n * length + k]!;
      m[n * width + k] = c;
      m[n * width + length + k] = -s;
      m[(length + n) * width + k] = s;
      m[(length + n) * width + length + k] = c;
    }
  }
  return m;
}

/** The L×2L real matrix [C | −S]: a real rail r times it gives [Re | Im] of DFT(r)/√L. */
function realDftMatrix(length: number): Float32Array {
  const { cos, sin } = dftTables(length);
  const m = new Float32Array(length * 2 * length);
  for (let n = 0; n < length; n++) {
    for (let k = 0; k < length; k++) {
      m[n * 2 * length + k] = cos[n * length + k]!;
      m[n * 2 * length + length + k] = -sin[n * length + k]!;
    }
  }
  return m;
}

/** Owns its DFT matrix tensor: dispose it when the run ends. */
export function createFrequencyView(length: number, mode: FrequencyMode): FrequencyView {
  if (!Number.isInteger(length) || length < 2) throw new RangeError(`frequency view: length must be an integer ≥ 2, got ${length}`);
  if (mode === 'complex') {
    const matrix = tf.tensor2d(complexDftMatrix(length), [2 * length, 2 * length]);
    return {
      mode,
      outputLength: length,
      apply: (x) => tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(x, [-1, 2 * length]), matrix), [-1, 2, length]) as tf.Tensor3D),
      dispose: () => matrix.dispose(),
    };
  }
  if (mode === 'per-rail') {
    const matrix = tf.tensor2d(realDftMatrix(length), [length, 2 * length]);
    return {
      mode,
      outputLength: 2 * length,
      apply: (x) => tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(x, [-1, length]), matrix), [-1, 2, 2 * length]) as tf.Tensor3D),
      dispose: () => matrix.dispose(),
    };
  }
  throw new RangeError(`frequency view: unknown mode '${String(mode)}' (known: ${frequencyModes.join(', ')})`);
}
