// The whole-sequence GRU and LSTM kernels against TF.js's own per-step layers on the same backend:
// outputs and every gradient, a finite-difference check, tensor counts, and GRU2 still learning.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GruSequence } from '../../../../../src/main/engine/ml/kernels/recurrent/gru-sequence.ts';
import { LstmSequence } from '../../../../../src/main/engine/ml/kernels/recurrent/lstm-sequence.ts';
import { SequenceGRU, SequenceLSTM } from '../../../../../src/main/engine/ml/models/sequence-recurrent.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import { expectClose, tensorOf, useWasm } from './compare.ts';
import { expectLearns, toneTask } from './toy-task.ts';

type Kind = 'gru' | 'lstm';
/** The stock orthogonal initialiser needs ops this Node build lacks. */
const plainInit = { kernelInitializer: 'glorotUniform', recurrentInitializer: 'glorotUniform' } as const;
const kernelOf: Record<Kind, string> = { gru: GruSequence, lstm: LstmSequence };

/** Our layer and the stock one with the same (seeded, non-zero bias) weights, both built for x. */
function layerPair(kind: Kind, units: number, returnSequences: boolean, x: tf.Tensor): [tfl.RNN, tfl.RNN] {
  const args = { units, returnSequences, recurrentActivation: 'sigmoid' as const, ...plainInit };
  const ours = new (kind === 'gru' ? SequenceGRU : SequenceLSTM)(args);
  const stock = kind === 'gru' ? tfl.layers.gru(args) : tfl.layers.lstm(args);
  tf.tidy(() => {
    ours.apply(x);
    stock.apply(x);
  });
  const weights = ours.getWeights().map((w, i) => tf.mul(tensorOf(w.shape, 100 + i), 0.5));
  ours.setWeights(weights);
  stock.setWeights(weights);
  tf.dispose(weights);
  return [ours, stock];
}

/** Output, then the gradients of Σ y·probe with respect to x, kernel, recurrent kernel and bias. */
function outputAndGradients(layer: tfl.RNN, x: tf.Tensor, probeSeed: number): Float32Array[] {
  return tf.tidy(() => {
    const xv = tf.variable(x);
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const y = layer.apply(xv) as tf.Tensor;
    const probe = tensorOf(y.shape, probeSeed);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(xv) as tf.Tensor, probe)), [xv, ...weights]);
    const out = [y, grads[xv.name]!, ...weights.map((w) => grads[w.name]!)].map((t) => Float32Array.from(t.dataSync()));
    xv.dispose();
    return out;
  });
}

/** The kernels f ran, in order, one entry per call. */
async function kernelsRun(f: () => void): Promise<string[]> {
  const info = await tf.profile(() => {
    f();
    return tf.scalar(0);
  });
  tf.dispose(info.result);
  return info.kernels.map((k) => k.name);
}

describe('whole-sequence recurrent kernels on wasm', () => {
  beforeAll(useWasm);
  beforeEach(async () => {
    await tf.setBackend('wasm');
  });

  const cases: Array<{ kind: Kind; B: number; T: number; D: number; H: number; returnSequences: boolean }> = [
    { kind: 'gru', B: 1, T: 6, D: 3, H: 8, returnSequences: true },
    { kind: 'gru', B: 5, T: 9, D: 2, H: 12, returnSequences: false },
    { kind: 'gru', B: 3, T: 4, D: 20, H: 16, returnSequences: true },
    { kind: 'lstm', B: 1, T: 6, D: 3, H: 8, returnSequences: false },
    { kind: 'lstm', B: 5, T: 9, D: 2, H: 12, returnSequences: true },
    { kind: 'lstm', B: 3, T: 4, D: 20, H: 16, returnSequences: false },
  ];
  for (const { kind, B, T, D, H, returnSequences } of cases) {
    it(`${kind} B ${B}, T ${T}, D ${D}, H ${H}, return sequences ${returnSequences}: output and gradients equal the stock layer's`, async () => {
      const x = tensorOf([B, T, D], 7 + B + D);
      const [ours, stock] = layerPair(kind, H, returnSequences, x);
      const before = tf.memory().numTensors;
      let mine: Float32Array[] = [];
      expect(await kernelsRun(() => (mine = outputAndGradients(ours, x, 31)))).toContain(kernelOf[kind]);
      const theirs = outputAndGradients(stock, x, 31);
      expect(mine.length).toBe(5);
      mine.forEach((m, i) => expectClose(m, theirs[i]!, 2e-5));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x]);
      ours.dispose();
      stock.dispose();
    });
  }

  for (const kind of ['gru', 'lstm'] as const) {
    it(`${kind}: gradients agree with central differences of the loss on a tiny shape`, () => {
      const x = tensorOf([2, 3, 2], 5);
      const [ours, stock] = layerPair(kind, 4, true, x);
      stock.dispose();
      const grads = outputAndGradients(ours, x, 9).slice(1);
      const weights = ours.getWeights();
      const values = [x, ...weights].map((t) => Float32Array.from(t.dataSync()));
      const loss = (): number => tf.tidy(() => {
        const probe = tensorOf([2, 3, 4], 9);
        ours.setWeights(values.slice(1).map((v, i) => tf.tensor(v, weights[i]!.shape)));
        return tf.sum(tf.mul(ours.apply(tf.tensor(values[0]!, x.shape)) as tf.Tensor, probe)).dataSync()[0]!;
      });
      const step = 1e-2;
      values.forEach((v, which) => {
        const numeric = new Float32Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const keep = v[i]!;
          v[i] = keep + step;
          const up = loss();
          v[i] = keep - step;
          const down = loss();
          v[i] = keep;
          numeric[i] = (up - down) / (2 * step);
        }
        expectClose(grads[which]!, numeric, 2e-3);
      });
      x.dispose();
      ours.dispose();
    });
  }

  for (const kind of ['gru', 'lstm'] as const) {
    it(`${kind}: a batch above the inference part size runs in parts, with the stock layer's output`, async () => {
      const x = tensorOf([300, 3, 2], 8);
      const [ours, stock] = layerPair(kind, 4, false, x);
      let mine = new Float32Array(0);
      const kernels = await kernelsRun(() => (mine = tf.tidy(() => Float32Array.from((ours.apply(x) as tf.Tensor).dataSync()))));
      expect(kernels.filter((k) => k === kernelOf[kind])).toHaveLength(2);
      expectClose(mine, tf.tidy(() => (stock.apply(x) as tf.Tensor).dataSync()), 2e-5);
      x.dispose();
      ours.dispose();
      stock.dispose();
    });
  }

  it('the stock route stays where the kernel does not apply (dropout, goBackwards) and on the cpu backend', async () => {
    const x = tensorOf([2, 5, 3], 4);
    const dropout = new SequenceGRU({ units: 8, recurrentActivation: 'sigmoid', dropout: 0.5, ...plainInit });
    const backwards = new SequenceLSTM({ units: 8, recurrentActivation: 'sigmoid', goBackwards: true, ...plainInit });
    const fits = new SequenceGRU({ units: 8, recurrentActivation: 'sigmoid', ...plainInit });
    expect(await kernelsRun(() => tf.tidy(() => void dropout.apply(x, { training: true })))).not.toContain(GruSequence);
    expect(await kernelsRun(() => tf.tidy(() => void backwards.apply(x)))).not.toContain(LstmSequence);
    expect(await kernelsRun(() => tf.tidy(() => void fits.apply(x)))).toContain(GruSequence);
    await tf.setBackend('cpu');
    const onCpu = await tf.profile(() => fits.apply(x) as tf.Tensor);
    expect(onCpu.kernelNames).not.toContain(GruSequence);
    tf.dispose(onCpu.result);
    await tf.setBackend('wasm');
    [dropout, backwards, fits].forEach((l) => l.dispose());
    x.dispose();
  });

  it('GRU2 learns a toy task of generated tones with Adam, without leaking tensors', async () => {
    const model = buildModel({ arch: 'gru2', numClasses: 4, length: 24, widths: { gru1: 16, gru2: 8 } }, { seed: 5 });
    const task = toneTask(32, 4, 24, 1 / 12);
    expect(await kernelsRun(() => tf.tidy(() => void model.apply(task.x, { training: true })))).toContain(GruSequence);
    expectLearns(model, task, 0.02, 40);
    tf.dispose([task.x, task.y]);
    model.dispose();
  });
});
