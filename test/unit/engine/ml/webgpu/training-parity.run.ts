// Child process of training-parity.test.ts, started with a Vulkan driver in its environment:
// trains each model a few steps on webgpu and on cpu from the same seed and data, evaluates the
// webgpu-trained weights on both backends, and prints the figures as one JSON line.
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { assignModelWeights, readModelWeights, type NamedWeights } from '../../../../../src/main/engine/ml/persist/weights.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { resolveTrainConfig } from '../../../../../src/main/engine/ml/train/config.ts';
import { shardLogits } from '../../../../../src/main/engine/ml/train/shard-gradients.ts';
import { trainModel } from '../../../../../src/main/engine/ml/train/trainer.ts';
import { syntheticSource } from '../train/synthetic.ts';

type Backend = 'webgpu' | 'cpu';

const length = 32;
// VT-CNN2's layout with fewer filters: the cpu backend's plain-JavaScript convolutions set the pace.
const specs: ModelSpec[] = [
  { arch: 'vtcnn2', numClasses: 4, length, widths: { conv1: 32, conv2: 16, dense1: 64 } },
  { arch: 'resnet1d20', numClasses: 4, length },
];
// 16 training samples (two steps of 8), 8 for validation
const train = syntheticSource(1, 2, length, [0, 10]);
const val = syntheticSource(2, 2, length, [10]);
const probe = [...val.batches(8, null)][0]!;
export const learningRate = 1e-3;
const config = resolveTrainConfig({ epochs: 1, batchSize: 8, seed: 5, threads: 1, optimizer: 'adam', learningRate, earlyStopping: null });

async function trainOn(backend: Backend, spec: ModelSpec) {
  await initBackend({ force: backend });
  const before = tf.memory().numTensors;
  const model = buildModel(spec, { seed: 9 });
  const result = await trainModel(model, { train, val }, config, { spec });
  const weights = readModelWeights(model);
  model.dispose();
  return { history: result.history, weights, leaked: tf.memory().numTensors - before };
}

async function logitsOn(backend: Backend, spec: ModelSpec, weights: NamedWeights): Promise<number[]> {
  await initBackend({ force: backend });
  const model = buildModel(spec, { seed: 0 });
  assignModelWeights(model, weights, { where: 'webgpu-trained weights' });
  const out = Array.from(shardLogits(model, probe, length));
  model.dispose();
  return out;
}

const out = [];
for (const spec of specs) {
  const gpu = await trainOn('webgpu', spec);
  const cpu = await trainOn('cpu', spec);
  const weights = [...cpu.weights].map(([name, { values: a }]) => {
    const b = gpu.weights.get(name)!.values;
    let worst = 0;
    let squares = 0;
    let diffSquares = 0;
    for (let i = 0; i < a.length; i++) {
      const d = a[i]! - b[i]!;
      worst = Math.max(worst, Math.abs(d));
      squares += a[i]! * a[i]!;
      diffSquares += d * d;
    }
    return { name, worst, rms: Math.sqrt(squares / a.length), rmsDiff: Math.sqrt(diffSquares / a.length) };
  });
  out.push({
    arch: spec.arch,
    leaked: { webgpu: gpu.leaked, cpu: cpu.leaked },
    loss: { webgpu: gpu.history[0]!.loss, cpu: cpu.history[0]!.loss },
    valLoss: { webgpu: gpu.history[0]!.valLoss, cpu: cpu.history[0]!.valLoss },
    weights,
    logits: { webgpu: await logitsOn('webgpu', spec, gpu.weights), cpu: await logitsOn('cpu', spec, gpu.weights) },
  });
}
console.log(JSON.stringify(out));
