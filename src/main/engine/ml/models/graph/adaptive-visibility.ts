// The adaptive visibility graph (AVGNet): m one-channel convolutions with kernel sizes 2 … m + 1
// (with bias) slide over a series; the ReLU of convolution d at step t is the weight of edge
// (t, t + d), which its window spans end to end; the graph is symmetric (A + Aᵀ), a band of half
// width m over the series' steps. Input [n, L], output the band form of A, [n, L, 2m + 1] (band.ts).
//
// All 2m + 1 offsets come out of one convolution over the series padded by m on both sides: the
// filter of offset +d holds kernel d at taps m … m + d (the window starting at t), that of −d
// the same kernel at taps m − d … m (the window ending at t, i.e. edge (t − d, t) seen from t).
// Offsets whose other end falls outside the series, and offset 0, are masked to zero.
import { tf, tfl } from '../../tfjs.ts';
import type { CountsMacs } from '../counts-macs.ts';
import { torchUniform } from './torch-uniform.ts';

export interface AdaptiveVisibilityArgs {
  name: string;
  /** m: the number of diagonals, i.e. convolutions (kernel sizes 2 … m + 1) */
  diagonals: number;
  seed: number;
}

/** Which band entries are edges: 0 ≤ t + o < L and o ≠ 0. */
function edgeMask(length: number, m: number): Float32Array {
  const W = 2 * m + 1;
  const mask = new Float32Array(length * W);
  for (let t = 0; t < length; t++) {
    for (let o = -m; o <= m; o++) if (o !== 0 && t + o >= 0 && t + o < length) mask[t * W + o + m] = 1;
  }
  return mask;
}

export class AdaptiveVisibility extends tfl.layers.Layer implements CountsMacs {
  static readonly className = 'AdaptiveVisibility';
  readonly diagonals: number;
  private readonly seed: number;
  private kernels: tfl.LayerVariable[] = [];
  private biases: tfl.LayerVariable[] = [];

  constructor(args: AdaptiveVisibilityArgs) {
    super({ name: args.name });
    this.diagonals = args.diagonals;
    this.seed = args.seed;
  }

  override build(): void {
    this.kernels = [];
    this.biases = [];
    for (let d = 1; d <= this.diagonals; d++) {
      // one input channel, kernel size d + 1: PyTorch's fan-in for both weight and bias
      const init = torchUniform(d + 1, this.seed + 2 * d);
      this.kernels.push(this.addWeight(`diag${d}_kernel`, [d + 1, 1, 1], 'float32', init));
      this.biases.push(this.addWeight(`diag${d}_bias`, [1], 'float32', torchUniform(d + 1, this.seed + 2 * d + 1)));
    }
    this.built = true;
  }

  override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as tfl.Shape;
    return [s[0]!, s[1]!, 2 * this.diagonals + 1];
  }

  /** The filter [2m + 1 taps, 1, 2m + 1 offsets] and bias [2m + 1] of the one convolution. */
  private filterAndBias(): [tf.Tensor3D, tf.Tensor1D] {
    const m = this.diagonals;
    const W = 2 * m + 1;
    const columns: tf.Tensor1D[] = [];
    const biases: tf.Tensor1D[] = [];
    for (let o = -m; o <= m; o++) {
      const d = Math.abs(o);
      if (d === 0) {
        columns.push(tf.zeros([W]));
        biases.push(tf.zeros([1]));
        continue;
      }
      const start = o > 0 ? m : m - d;
      columns.push(tf.pad(tf.reshape(this.kernels[d - 1]!.read(), [d + 1]), [[start, W - start - d - 1]]));
      biases.push(this.biases[d - 1]!.read() as tf.Tensor1D);
    }
    return [tf.reshape(tf.stack(columns, 1), [W, 1, W]), tf.concat(biases)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const series = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const [n, L] = series.shape as [number, number];
      const m = this.diagonals;
      const [filter, bias] = this.filterAndBias();
      const padded = tf.pad(tf.reshape(series, [n, L, 1]), [[0, 0], [m, m], [0, 0]]) as tf.Tensor3D;
      const weights = tf.relu(tf.add(tf.conv1d(padded, filter, 1, 'valid'), bias));
      return tf.mul(weights, tf.tensor(edgeMask(L, m), [L, 2 * m + 1]));
    });
  }

  /** Each edge weight once: L − d windows of d + 1 taps per diagonal d. */
  macsPerSample([series]: (number | null)[][]): number {
    const L = series![1]!;
    let macs = 0;
    for (let d = 1; d <= this.diagonals; d++) macs += (L - d) * (d + 1);
    return macs;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), diagonals: this.diagonals, seed: this.seed };
  }
}
tf.serialization.registerClass(AdaptiveVisibility);
