// One batch shard's loss, hits and gradients, flattened in trainable-weight order, or its
// inference-mode logits: the units of work the training loop hands to itself and to its helper
// threads, and the flat weight copies that travel with them.
import { withAuxiliaryLosses } from '../models/auxiliary-losses.ts';
import { tf, type tfl } from '../tfjs.ts';

export interface ShardInput {
  /** [n][2][length] float32 */
  x: Float32Array;
  y: Int32Array;
  n: number;
}

export interface ShardResult {
  /** mean cross-entropy over the shard, plus any auxiliary terms the model's layers add */
  loss: number;
  /** correctly classified samples in the shard */
  hits: number;
  /** d(mean loss)/d(weight), trainable weights concatenated in model order */
  gradients: Float32Array;
}

type Weights = tfl.LayersModel['weights'];

function sizeOf(weights: Weights): number {
  return weights.reduce((total, w) => total + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}

export function trainableSize(model: tfl.LayersModel): number {
  return sizeOf(model.trainableWeights);
}

/**
 * Shape of every weight, in model order, the non-trainable ones (batch-norm moving statistics)
 * marked: weight names get process-wide suffixes, so they can differ between threads.
 */
export function weightLayout(model: tfl.LayersModel): string[] {
  return model.weights.map((w) => `${w.trainable ? '' : 'fixed '}[${w.shape.join(', ')}]`);
}

function readFlat(weights: Weights, out: Float32Array): Float32Array {
  let offset = 0;
  for (const w of weights) {
    const values = w.read().dataSync() as Float32Array;
    out.set(values, offset);
    offset += values.length;
  }
  return out;
}

function writeFlat(weights: Weights, flat: Float32Array): void {
  let offset = 0;
  for (const w of weights) {
    const { size, shape } = w.read();
    const value = tf.tensor(flat.subarray(offset, offset + size), shape, 'float32');
    w.write(value);
    value.dispose();
    offset += size;
  }
}

/** The trainable weights' current values, concatenated in model order. */
export function readTrainable(model: tfl.LayersModel, out: Float32Array = new Float32Array(trainableSize(model))): Float32Array {
  return readFlat(model.trainableWeights, out);
}

/** Overwrites the trainable weights from a concatenation made by readTrainable. */
export function writeTrainable(model: tfl.LayersModel, flat: Float32Array): void {
  writeFlat(model.trainableWeights, flat);
}

/** Every weight's current value (moving statistics included), concatenated in model order. */
export function readAllWeights(model: tfl.LayersModel): Float32Array {
  return readFlat(model.weights, new Float32Array(sizeOf(model.weights)));
}

/** Overwrites every weight from a concatenation made by readAllWeights. */
export function writeAllWeights(model: tfl.LayersModel, flat: Float32Array): void {
  writeFlat(model.weights, flat);
}

/** Inference-mode logits of a shard, [n][classes] row-major. */
export function shardLogits(model: tfl.LayersModel, shard: { x: Float32Array; n: number }, length: number): Float32Array {
  return tf.tidy(() => (model.apply(tf.tensor3d(shard.x, [shard.n, 2, length]), { training: false }) as tf.Tensor).dataSync() as Float32Array);
}

/**
 * Forward and backward passes over one shard in training mode, at most `microBatch` samples per
 * pass, the passes' gradients weighted by their sizes; the weights are not changed.
 */
export function shardGradients(
  model: tfl.LayersModel,
  shard: ShardInput,
  length: number,
  numClasses: number,
  microBatch = Number.POSITIVE_INFINITY,
): ShardResult {
  const gradients = new Float32Array(trainableSize(model));
  const per = shard.x.length / shard.n;
  let loss = 0;
  let hits = 0;
  for (let start = 0; start < shard.n; start += microBatch) {
    const end = Math.min(shard.n, start + microBatch);
    const part = { x: shard.x.subarray(start * per, end * per), y: shard.y.subarray(start, end), n: end - start };
    const weight = part.n / shard.n;
    const [partLoss, partHits] = passGradients(model, part, length, numClasses, gradients, weight);
    loss += partLoss * weight;
    hits += partHits;
  }
  return { loss, hits, gradients };
}

/**
 * The mean cross-entropy of one shard in training mode (plus the model's auxiliary losses, if any)
 * and its gradients, as tensors keyed by variable name, and the count of correctly classified
 * samples as a tensor the caller frees (readHits reads and frees it). Call inside a tidy: the
 * shard's tensors live in it.
 */
export function shardVariableGrads(model: tfl.LayersModel, shard: ShardInput, length: number, numClasses: number): { value: tf.Scalar; grads: tf.NamedTensorMap; correct: tf.Scalar } {
  const xs = tf.tensor3d(shard.x, [shard.n, 2, length]);
  const labels = tf.tensor1d(shard.y, 'int32');
  const targets = tf.oneHot(labels, numClasses);
  let correct: tf.Scalar | undefined;
  let auxiliary: tf.Scalar[] = [];
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const { result: logits, losses } = withAuxiliaryLosses(() => model.apply(xs, { training: true }) as tf.Tensor2D);
    auxiliary = losses;
    correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32')) as tf.Scalar);
    const crossEntropy = tf.losses.softmaxCrossEntropy(targets, logits) as tf.Scalar;
    // the terms some layers add to the objective (DiffPool's, when asked for)
    return losses.length === 0 ? crossEntropy : (tf.addN([crossEntropy, ...losses]) as tf.Scalar);
  }, variables);
  tf.dispose(auxiliary);
  return { value, grads, correct: correct! };
}

/** The value of a count made by shardVariableGrads; frees it. */
export function readHits(correct: tf.Scalar): number {
  const hits = correct.dataSync()[0]!;
  correct.dispose();
  return hits;
}

/** One pass; adds weight × its gradients to `into`. Returns its mean loss and hits. */
function passGradients(model: tfl.LayersModel, shard: ShardInput, length: number, numClasses: number, into: Float32Array, weight: number): [number, number] {
  return tf.tidy(() => {
    const { value, grads, correct } = shardVariableGrads(model, shard, length, numClasses);
    let offset = 0;
    for (const w of model.trainableWeights) {
      const g = grads[(w.read() as tf.Variable).name]!.dataSync() as Float32Array;
      for (let i = 0; i < g.length; i++) into[offset + i] = into[offset + i]! + weight * g[i]!;
      offset += g.length;
    }
    return [value.dataSync()[0]!, readHits(correct)];
  });
}
