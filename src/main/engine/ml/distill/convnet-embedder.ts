// The distribution-matching embedder: the ConvNet of the dataset-condensation papers made 1-D
// (their 2×2 pooling cannot run on a 2×L I/Q input). I and Q are the input channels; each of
// `depth` blocks is a 'same' convolution along time, instance norm, ReLU and average pooling by
// 2. The features are the last block's output flattened (what feeds the classifier). The
// convolutions have no bias: the instance norm subtracts any per-channel constant right after.
//
// Written as plain ops on weight tensors rather than a layers model: a fresh network is drawn
// twice per distillation iteration, and drawing weights is then a few typed-array fills.
import { createRng } from '../../base/random.ts';
import { tf } from '../tfjs.ts';
import { normReluPool } from '../models/norm-relu-pool.ts';

export interface ConvNetShape {
  inChannels: number;
  /** filters per convolution (the reference: 128) */
  width: number;
  /** conv blocks, each halving the time axis (the reference: 3) */
  depth: number;
  /** taps per convolution, odd (the reference: 3) */
  kernel: number;
}

export const referenceConvNet: Omit<ConvNetShape, 'inChannels'> = { width: 128, depth: 3, kernel: 3 };

/** Kernels [kernel, in, out] per block. */
export interface ConvNetWeights {
  kernels: Float32Array[];
}

export function checkConvNetShape(shape: ConvNetShape, length: number): void {
  const { inChannels, width, depth, kernel } = shape;
  if (!Number.isInteger(inChannels) || inChannels < 1) throw new RangeError(`convnet: inChannels must be a positive integer, got ${inChannels}`);
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`convnet: width must be a positive integer, got ${width}`);
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`convnet: depth must be a positive integer, got ${depth}`);
  if (!Number.isInteger(kernel) || kernel < 1 || kernel % 2 === 0) throw new RangeError(`convnet: kernel must be a positive odd integer, got ${kernel}`);
  if (length >> depth < 1) throw new RangeError(`convnet: ${depth} poolings by 2 need at least ${2 ** depth} samples, got ${length}`);
}

/** Features per sample for an input of `length` samples: width × (length halved depth times). */
export function convNetFeatureSize(shape: ConvNetShape, length: number): number {
  return shape.width * (length >> shape.depth);
}

/**
 * Fresh weights from a seed, drawn as PyTorch initialises Conv layers (kaiming-uniform with
 * a = √5): uniform in ±1/√(fan in).
 */
export function drawConvNetWeights(shape: ConvNetShape, seed: number): ConvNetWeights {
  const rng = createRng(seed);
  const kernels: Float32Array[] = [];
  let inputs = shape.inChannels;
  for (let d = 0; d < shape.depth; d++) {
    const bound = 1 / Math.sqrt(inputs * shape.kernel);
    kernels.push(Float32Array.from({ length: shape.kernel * inputs * shape.width }, () => (2 * rng.next() - 1) * bound));
    inputs = shape.width;
  }
  return { kernels };
}

/** A drawn network: its weights live as tensors until dispose. */
export interface ConvNetEmbedder {
  /** [n, C, L] → [n, features] */
  features(x: tf.Tensor3D): tf.Tensor2D;
  dispose(): void;
}

export function convNetEmbedder(weights: ConvNetWeights, shape: ConvNetShape): ConvNetEmbedder {
  let inputs = shape.inChannels;
  const kernels = weights.kernels.map((k) => {
    const t = tf.tensor3d(k, [shape.kernel, inputs, shape.width]);
    inputs = shape.width;
    return t;
  });
  return {
    features: (x) =>
      tf.tidy(() => {
        // channels-last for the convolutions: [n, L, C]
        let h = tf.transpose(x, [0, 2, 1]) as tf.Tensor3D;
        for (const kernel of kernels) h = normReluPool(tf.conv1d(h, kernel, 1, 'same'));
        return tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
      }),
    dispose: () => {
      for (const t of kernels) t.dispose();
    },
  };
}
