// A freshly drawn, untrained embedding network ψ: the 1-D ConvNet by default, or any zoo model,
// whose features are what its classifier head reads.
import { AppError } from '../../../../shared/errors.ts';
import { buildModel } from '../models/registry.ts';
import { tf, tfl } from '../tfjs.ts';
import { CONVNET_EMBEDDER, type EmbedderConfig } from './config.ts';
import { checkConvNetShape, convNetEmbedder, drawConvNetWeights } from './convnet-embedder.ts';

export interface Embedder {
  /** [n, 2, L] → [n, features] */
  features(x: tf.Tensor3D): tf.Tensor2D;
  dispose(): void;
}

/** Checks the embedder can take signals of this length before a run starts. */
export function checkEmbedder(config: EmbedderConfig, length: number, numClasses: number): void {
  if (config.arch === CONVNET_EMBEDDER) {
    try {
      checkConvNetShape({ inChannels: 2, width: config.width, depth: config.depth, kernel: 3 }, length);
    } catch (e) {
      throw new AppError('VALIDATION', `distillation embedder: ${(e as Error).message}`);
    }
    return;
  }
  drawEmbedder(config, length, numClasses, 0).dispose();
}

/** A network with fresh weights from `seed`, for signals of `length` samples. */
export function drawEmbedder(config: EmbedderConfig, length: number, numClasses: number, seed: number): Embedder {
  if (config.arch === CONVNET_EMBEDDER) {
    const shape = { inChannels: 2, width: config.width, depth: config.depth, kernel: 3 };
    return convNetEmbedder(drawConvNetWeights(shape, seed), shape);
  }
  const model = buildModel({ arch: config.arch, numClasses, length, options: config.options }, { seed });
  const head = model.layers.find((l) => l.name === 'head');
  if (!head) {
    model.dispose();
    throw new AppError('VALIDATION', `distillation embedder: ${config.arch} has no layer named 'head' to take the features from`);
  }
  const trunk = tfl.model({ inputs: model.inputs, outputs: head.input as tfl.SymbolicTensor });
  return {
    features: (x) => tf.tidy(() => {
      const f = trunk.apply(x, { training: false }) as tf.Tensor;
      return tf.reshape(f, [f.shape[0]!, -1]) as tf.Tensor2D;
    }),
    dispose: () => model.dispose(),
  };
}
