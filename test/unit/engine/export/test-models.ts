// Small stand-ins for the model zoo's architectures (same layer types and wiring, fewer units),
// so the exporter is exercised on every pattern the zoo uses.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng } from '../../../../src/main/engine/base/random.ts';
import { initBackend } from '../../../../src/main/engine/ml/backend/index.ts';

export const L = 32;

// The default orthogonal recurrent initialiser needs chained tensor ops that a bare tfjs-core
// import does not register; weights are replaced by randomizeWeights anyway.
export const CLASSES = ['BPSK', 'QPSK', '8PSK', 'QAM16'];

/** The wasm backend: the same TF.js layers, an order of magnitude faster than cpu on convolutions. */
export async function useWasm(): Promise<void> {
  await initBackend({ force: 'wasm' });
}

/**
 * VT-CNN2 pattern: [2, L, 1] → pad → conv 1×3 → dropout → pad → conv 2×3 → flatten → dense → softmax.
 * With a seed, initial weights and dropout masks are reproducible, so a short training run is too.
 */
export function vtcnn2(classes = CLASSES.length, length = L, widths: [number, number, number] = [16, 8, 32], seed?: number): tfl.LayersModel {
  const init = (k: number) => (seed === undefined ? {} : { kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + k }) });
  const dropout = (k: number) => tfl.layers.dropout({ rate: 0.5, ...(seed === undefined ? {} : { seed: seed + k }) });
  const m = tfl.sequential({ name: 'vtcnn2' });
  m.add(tfl.layers.zeroPadding2d({ inputShape: [2, length, 1], padding: [[0, 0], [2, 2]] }));
  m.add(tfl.layers.conv2d({ filters: widths[0], kernelSize: [1, 3], activation: 'relu', ...init(1) }));
  m.add(dropout(2));
  m.add(tfl.layers.zeroPadding2d({ padding: [[0, 0], [2, 2]] }));
  m.add(tfl.layers.conv2d({ filters: widths[1], kernelSize: [2, 3], activation: 'relu', ...init(3) }));
  m.add(dropout(4));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: widths[2], activation: 'relu', ...init(5) }));
  m.add(dropout(6));
  m.add(tfl.layers.dense({ units: classes, activation: 'softmax', ...init(7) }));
  return m;
}

function basicBlock(x: tfl.SymbolicTensor, filters: number, stride: number, name: string): tfl.SymbolicTensor {
  let y = tfl.layers.conv1d({ filters, kernelSize: 3, strides: stride, padding: 'same', useBias: false, name: `${name}_conv1` }).apply(x) as tfl.SymbolicTensor;
  y = tfl.layers.batchNormalization({ name: `${name}_bn1` }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.activation({ activation: 'relu' }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.conv1d({ filters, kernelSize: 3, padding: 'same', useBias: false, name: `${name}_conv2` }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.batchNormalization({ name: `${name}_bn2` }).apply(y) as tfl.SymbolicTensor;
  let shortcut = x;
  if (stride !== 1 || x.shape[2] !== filters) {
    shortcut = tfl.layers.conv1d({ filters, kernelSize: 1, strides: stride, useBias: false, name: `${name}_proj` }).apply(x) as tfl.SymbolicTensor;
    shortcut = tfl.layers.batchNormalization({ name: `${name}_proj_bn` }).apply(shortcut) as tfl.SymbolicTensor;
  }
  const sum = tfl.layers.add().apply([y, shortcut]) as tfl.SymbolicTensor;
  return tfl.layers.reLU().apply(sum) as tfl.SymbolicTensor;
}

/** ResNet1D pattern: [L, 2] → conv1d + BN + ReLU → residual blocks (one strided with projection) → GAP → dense. */
export function resnet1d(classes = CLASSES.length, length = L): tfl.LayersModel {
  const input = tfl.input({ shape: [length, 2] });
  let x = tfl.layers.conv1d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization().apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({ activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  x = basicBlock(x, 8, 1, 's1b1');
  x = basicBlock(x, 16, 2, 's2b1');
  x = basicBlock(x, 16, 1, 's2b2');
  x = tfl.layers.globalAveragePooling1d().apply(x) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: classes, activation: 'softmax' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: 'resnet1d' });
}

/** CLDNN pattern: [2, L] → permute → conv1d → maxpool → LSTM ×2 → dense. */
export function cldnn(classes = CLASSES.length, length = L): tfl.LayersModel {
  const m = tfl.sequential({ name: 'cldnn' });
  m.add(tfl.layers.permute({ inputShape: [2, length], dims: [2, 1] }));
  m.add(tfl.layers.conv1d({ filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' }));
  m.add(tfl.layers.maxPooling1d({ poolSize: 2 }));
  m.add(tfl.layers.lstm({ recurrentInitializer: 'glorotUniform', units: 12, returnSequences: true }));
  m.add(tfl.layers.lstm({ recurrentInitializer: 'glorotUniform', units: 12, recurrentActivation: 'sigmoid' }));
  m.add(tfl.layers.dense({ units: classes, activation: 'softmax' }));
  return m;
}

/** MCLDNN pattern: shared I/Q input split by 1-D convs on separate views, concatenated, LSTM, dense. */
export function mcldnn(classes = CLASSES.length, length = L): tfl.LayersModel {
  const input = tfl.input({ shape: [2, length, 1] });
  const joint = tfl.layers.conv2d({ filters: 8, kernelSize: [2, 5], padding: 'same', activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
  const iq = tfl.layers.conv2d({ filters: 8, kernelSize: [1, 5], padding: 'same', activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
  const merged = tfl.layers.concatenate({ axis: -1 }).apply([joint, iq]) as tfl.SymbolicTensor;
  const conv = tfl.layers.conv2d({ filters: 12, kernelSize: [2, 5], padding: 'valid', activation: 'relu' }).apply(merged) as tfl.SymbolicTensor;
  const seq = tfl.layers.reshape({ targetShape: [length - 4, 12] }).apply(conv) as tfl.SymbolicTensor;
  const r1 = tfl.layers.lstm({ recurrentInitializer: 'glorotUniform', units: 10, returnSequences: true }).apply(seq) as tfl.SymbolicTensor;
  const r2 = tfl.layers.lstm({ recurrentInitializer: 'glorotUniform', units: 10 }).apply(r1) as tfl.SymbolicTensor;
  const d = tfl.layers.dense({ units: 16, activation: 'selu' }).apply(r2) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: classes, activation: 'softmax' }).apply(d) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: 'mcldnn' });
}

/** LSTM2 pattern: [L, 2] → LSTM(16, seq) → LSTM(8) → dense. */
export function lstm2(classes = CLASSES.length, length = L): tfl.LayersModel {
  const m = tfl.sequential({ name: 'lstm2' });
  m.add(tfl.layers.lstm({ recurrentInitializer: 'glorotUniform', inputShape: [length, 2], units: 16, returnSequences: true }));
  m.add(tfl.layers.lstm({ recurrentInitializer: 'glorotUniform', units: 8 }));
  m.add(tfl.layers.dense({ units: classes, activation: 'softmax' }));
  return m;
}

/** GRU2 pattern: [L, 2] → GRU(16, seq) → GRU(8) → dense. */
export function gru2(classes = CLASSES.length, length = L): tfl.LayersModel {
  const m = tfl.sequential({ name: 'gru2' });
  m.add(tfl.layers.gru({ recurrentInitializer: 'glorotUniform', inputShape: [length, 2], units: 16, returnSequences: true }));
  m.add(tfl.layers.gru({ recurrentInitializer: 'glorotUniform', units: 8, recurrentActivation: 'sigmoid' }));
  m.add(tfl.layers.dense({ units: classes, activation: 'softmax' }));
  return m;
}

/** CNN1D pattern with the remaining layer types: strided/dilated convs, BN after an activation, pools, noise, reshape. */
export function cnn1d(classes = CLASSES.length, length = L): tfl.LayersModel {
  const m = tfl.sequential({ name: 'cnn1d' });
  m.add(tfl.layers.conv1d({ inputShape: [length, 2], filters: 8, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }));
  m.add(tfl.layers.batchNormalization());
  m.add(tfl.layers.conv1d({ filters: 8, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'elu' }));
  m.add(tfl.layers.averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' }));
  m.add(tfl.layers.leakyReLU({ alpha: 0.1 }));
  m.add(tfl.layers.gaussianNoise({ stddev: 0.1 }));
  m.add(tfl.layers.reshape({ targetShape: [4, 16] }));
  m.add(tfl.layers.dense({ units: 6, activation: 'sigmoid' }));
  m.add(tfl.layers.batchNormalization());
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: classes }));
  m.add(tfl.layers.softmax());
  return m;
}

export const testModels: Record<string, () => tfl.LayersModel> = { vtcnn2, resnet1d, cldnn, mcldnn, lstm2, gru2, cnn1d };

/**
 * Replaces every weight with seeded random values (variances positive), so batch-norm folding,
 * gate orders and biases are all exercised rather than hidden by default initialisers.
 */
export function randomizeWeights(model: tfl.LayersModel, seed: number): void {
  const rng = createRng(seed);
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const short = w.originalName.split('/').pop()!;
      const size = w.shape.reduce((a, b) => a! * b!, 1)!;
      const fanIn = w.shape.length > 1 ? w.shape.slice(0, -1).reduce((a, b) => a! * b!, 1)! : 1;
      const data = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        if (short === 'moving_variance') data[i] = 0.5 + rng.next();
        else if (short === 'gamma') data[i] = 0.5 + rng.next();
        else data[i] = rng.normal() * (short.includes('kernel') ? 1 / Math.sqrt(fanIn) : 0.3);
      }
      return tf.tensor(data, w.shape as number[]);
    });
    layer.setWeights(values);
    values.forEach((v) => v.dispose());
  }
}

/** Seeded standard-normal input for `count` samples of the model's input shape. */
export function randomInput(model: tfl.LayersModel, count: number, seed: number): { x: Float32Array; shape: number[] } {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const rng = createRng(seed);
  const x = new Float32Array(count * shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return { x, shape };
}

export function predictTf(model: tfl.LayersModel, x: Float32Array, count: number, shape: number[]): Float32Array {
  return tf.tidy(() => {
    const out = model.predict(tf.tensor(x, [count, ...shape])) as tf.Tensor;
    return out.dataSync() as Float32Array;
  }).slice();
}
