// Whether a ResNet1D-20 training step here is PyTorch's training step: both sides start from the
// same weights (ours, written into shared/reference/bench_torch.py's definition) and take the same
// Adam steps on the same batches. Compared: the first step's gradients (the forward and backward
// passes), the per-step losses, and after the last step every weight and batch-norm statistic,
// as the RMS of the difference over the RMS of PyTorch's change from the start. Gradients that
// sit near zero may differ in sign, and Adam turns each into a full step of either sign, so the
// largest single difference says little; the RMS says whether the two trainings agree.
// With --pickle, the batches are whole epochs of a real RML2016 file's DeepSig training split in
// one seeded order, and both sides report the mean training loss and the test accuracy after
// every epoch: whether the two trainings part steadily (a systematic difference) or only drift
// apart as any two float32 computations do.
// Prints one JSON document. Needs /usr/bin/python3 with torch.
//
//   node --import ./bin/register-ts.mjs bench/step-parity.ts [--steps 20] [--batch 256] [--seed 1]
//        [--backend cpu]   (tfjs's stock cpu kernels: the same comparison without ours)
//        [--pickle FILE --epochs 10]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../src/main/cli/args.ts';
import { createRng } from '../src/main/engine/base/random.ts';
import { initBackend, parseBackendName } from '../src/main/engine/ml/backend/index.ts';
import { predictClasses } from '../src/main/engine/ml/eval/evaluate.ts';
import { deepsigSplit, takeRows } from '../src/main/engine/ml/parity/deepsig-split.ts';
import { arraySource } from '../src/main/engine/ml/train/data.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import { applyTorchDefaultInit } from '../src/main/engine/ml/parity/torch-default-init.ts';
import { startStepRunner } from '../src/main/engine/ml/train/data-parallel.ts';
import { makeTrainingOptimizer } from '../src/main/engine/ml/train/make-optimizer.ts';
import { shardGradients } from '../src/main/engine/ml/train/shard-gradients.ts';
import { tf, type tfl } from '../src/main/engine/ml/tfjs.ts';
import { importStacked } from './stacked-pickle.ts';
import { sharedPath } from '../test/helpers/shared-folder.ts';
import { PYTHON, referenceEnv } from './reference-process.ts';

const REFERENCE = sharedPath('reference');
const CLASSES = 11;
const LENGTH = 128;
const LR = 1e-3;

const { flags } = parseArgs(process.argv.slice(2), { backend: 'value', pickle: 'value', batch: 'value', epochs: 'value', seed: 'value', steps: 'value' }, 'bench:step-parity');
const num = (name: string, fallback: number) => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const steps = num('steps', 20);
const batch = num('batch', 256);
const seed = num('seed', 1);
const force = typeof flags.backend === 'string' ? parseBackendName(flags.backend, '--backend') : undefined;
const pickle = typeof flags.pickle === 'string' ? flags.pickle : null;
const epochs = num('epochs', 10);

/** Samples to train on, the batches as sample indices, and a test set when the data is real. */
interface StepData {
  x: Float32Array;
  y: Int32Array;
  batches: Int32Array[];
  /** steps per epoch (all of them when there are no epochs) */
  epochSteps: number;
  test: { x: Float32Array; y: Int32Array } | null;
}

/** Class-dependent tones in noise, so the loss has somewhere to go in a few steps. */
function syntheticData(): StepData {
  const rng = createRng(seed + 1000);
  const y = Int32Array.from({ length: steps * batch }, () => rng.int(CLASSES));
  const x = new Float32Array(steps * batch * 2 * LENGTH);
  for (let i = 0; i < steps * batch; i++) {
    const f = (y[i]! + 1) / (4 * CLASSES);
    for (let t = 0; t < LENGTH; t++) {
      x[(i * 2) * LENGTH + t] = Math.cos(2 * Math.PI * f * t) + 0.5 * rng.normal();
      x[(i * 2 + 1) * LENGTH + t] = Math.sin(2 * Math.PI * f * t) + 0.5 * rng.normal();
    }
  }
  const batches = Array.from({ length: steps }, (_, s) => Int32Array.from({ length: batch }, (_, i) => s * batch + i));
  return { x, y, batches, epochSteps: steps, test: null };
}

/** The file's DeepSig split; each epoch the training samples in a seeded order, the last batch partial. */
async function pickleData(file: string): Promise<StepData> {
  const { stacked } = await importStacked(file);
  if (stacked.length !== LENGTH || stacked.classes.length !== CLASSES) throw new Error(`${file}: expected ${CLASSES} classes of ${LENGTH} samples`);
  const split = deepsigSplit(stacked.count);
  const rng = createRng(seed + 2000);
  const batches: Int32Array[] = [];
  for (let e = 0; e < epochs; e++) {
    const order = rng.shuffle(Int32Array.from({ length: split.train.length }, (_, i) => i));
    for (let at = 0; at < order.length; at += batch) batches.push(order.slice(at, at + batch));
  }
  return { ...takeRows(stacked, split.train), batches, epochSteps: batches.length / epochs, test: takeRows(stacked, split.test) };
}

/** The samples at `indices`, in that order. */
function gather(from: StepData, indices: Int32Array): { x: Float32Array; y: Int32Array; n: number } {
  const per = 2 * LENGTH;
  const x = new Float32Array(indices.length * per);
  indices.forEach((k, i) => x.set(from.x.subarray(k * per, (k + 1) * per), i * per));
  return { x, y: Int32Array.from(indices, (k) => from.y[k]!), n: indices.length };
}

function testAccuracy(model: tfl.LayersModel, test: { x: Float32Array; y: Int32Array }): number {
  const { labels, predicted } = predictClasses(model, arraySource(test.x, test.y, LENGTH), 1024);
  return predicted.filter((p, i) => p === labels[i]).length / labels.length;
}

/** Our weight (by layer and index in getWeights) → PyTorch state_dict name, and how to lay it out. */
interface Pair {
  layer: string;
  index: number;
  torch: string;
  /** conv kernels [k, in, out] ↔ [out, in, k]; dense [in, out] ↔ [out, in] */
  transpose: boolean;
}

function pairs(model: tfl.LayersModel): Pair[] {
  const out: Pair[] = [];
  const bn = (layer: string, prefix: string) =>
    ['weight', 'bias', 'running_mean', 'running_var'].forEach((t, index) => out.push({ layer, index, torch: `${prefix}.${t}`, transpose: false }));
  out.push({ layer: 'stem_conv', index: 0, torch: 'stem.0.weight', transpose: true });
  bn('stem_bn', 'stem.1');
  for (let s = 1; s <= 3; s++) {
    for (let b = 1; b <= 3; b++) {
      const id = `stage${s}_block${b}`;
      const i = (s - 1) * 3 + (b - 1);
      out.push({ layer: `${id}_conv1`, index: 0, torch: `blocks.${i}.c1.weight`, transpose: true });
      bn(`${id}_bn1`, `blocks.${i}.b1`);
      out.push({ layer: `${id}_conv2`, index: 0, torch: `blocks.${i}.c2.weight`, transpose: true });
      bn(`${id}_bn2`, `blocks.${i}.b2`);
      if (model.layers.some((l) => l.name === `${id}_proj_conv`)) {
        out.push({ layer: `${id}_proj_conv`, index: 0, torch: `blocks.${i}.short.0.weight`, transpose: true });
        bn(`${id}_proj_bn`, `blocks.${i}.short.1`);
      }
    }
  }
  out.push({ layer: 'head', index: 0, torch: 'fc.weight', transpose: true });
  out.push({ layer: 'head', index: 1, torch: 'fc.bias', transpose: false });
  return out;
}

/** Reverses the axes (conv [k, in, out] ↔ [out, in, k], dense [in, out] ↔ [out, in]). */
function reversed(values: Float32Array, shape: number[]): { values: Float32Array; shape: number[] } {
  const t = tf.tidy(() => tf.transpose(tf.tensor(values, shape)).dataSync() as Float32Array);
  return { values: t, shape: [...shape].reverse() };
}

const valuesOf = (model: tfl.LayersModel, p: Pair) => {
  const w = model.getLayer(p.layer).getWeights()[p.index]!;
  return { values: w.dataSync() as Float32Array, shape: [...w.shape] };
};

await initBackend(force ? { force } : {});
const model = buildModel({ arch: 'resnet1d20', numClasses: CLASSES, length: LENGTH }, { seed });
applyTorchDefaultInit(model, seed);
const eps = tf.backend().epsilon();
const optimizer = makeTrainingOptimizer(model, { optimizer: 'adam', learningRate: LR, epsilon: eps });
const dir = mkdtempSync(join(tmpdir(), 'step-parity-'));
try {
  const mapping = pairs(model);
  const tensors: Record<string, number[]> = {};
  for (const p of mapping) {
    const w = valuesOf(model, p);
    const laid = p.transpose ? reversed(w.values, w.shape) : w;
    writeFileSync(join(dir, `${p.torch}.f32`), laid.values);
    tensors[p.torch] = laid.shape;
  }
  const data = pickle ? await pickleData(pickle) : syntheticData();
  writeFileSync(join(dir, 'x.f32'), data.x);
  writeFileSync(join(dir, 'y.i32'), data.y);
  writeFileSync(join(dir, 'order.i32'), Int32Array.from(data.batches.flatMap((b) => [...b])));
  if (data.test) {
    writeFileSync(join(dir, 'test_x.f32'), data.test.x);
    writeFileSync(join(dir, 'test_y.i32'), data.test.y);
  }
  const batchSizes = data.batches.map((b) => b.length);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ classes: CLASSES, length: LENGTH, batch_sizes: batchSizes, epoch_steps: data.epochSteps, lr: LR, eps, tensors }));

  // One thread on both sides (the runner below), through the shared reference environment.
  const torchEnv = referenceEnv(1, 'tuned');
  const torchRun = spawnSync(PYTHON, [join(import.meta.dirname, 'torch_steps.py'), dir, REFERENCE], { encoding: 'utf8', env: torchEnv });
  if (torchRun.status !== 0) throw new Error(`torch_steps.py failed: ${torchRun.stderr.trim().split('\n').at(-1)}`);
  const torchResult = JSON.parse(torchRun.stdout.trim().split('\n').at(-1)!) as { losses: number[]; test_accuracy: number[] };
  const torchLosses = torchResult.losses;

  const firstGradients = shardGradients(model, gather(data, data.batches[0]!), LENGTH, CLASSES).gradients;
  const runner = await startStepRunner({ model, optimizer, length: LENGTH, numClasses: CLASSES, threads: 1, spec: { arch: 'resnet1d20', numClasses: CLASSES, length: LENGTH }, seed });
  const ourLosses: number[] = [];
  const ourTestAccuracy: number[] = [];
  for (const [s, indices] of data.batches.entries()) {
    ourLosses.push((await runner.step(gather(data, indices))).loss);
    if (data.test && (s + 1) % data.epochSteps === 0) ourTestAccuracy.push(testAccuracy(model, data.test));
  }
  await runner.dispose();

  const rms = (a: ArrayLike<number>, b?: ArrayLike<number>) => {
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += (a[i]! - (b ? b[i]! : 0)) ** 2;
    return Math.sqrt(sum / a.length);
  };
  const readTorch = (name: string) => {
    const bytes = readFileSync(join(dir, name));
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  };
  // First-step gradients: ours from the same weights and batch, laid out like PyTorch's.
  const gradientGap: Record<string, number> = {};
  const offsets = new Map<string, number>();
  let offset = 0;
  for (const w of model.trainableWeights) {
    offsets.set(w.originalName, offset);
    offset += w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
  }
  let gradDiff = 0;
  let gradNorm = 0;
  for (const p of mapping.filter((m) => !m.torch.includes('running'))) {
    const w = model.getLayer(p.layer).getWeights()[p.index]!;
    const at = offsets.get(model.getLayer(p.layer).trainableWeights[p.index]!.originalName)!;
    const flat = firstGradients.subarray(at, at + w.size);
    const ours = p.transpose ? reversed(flat, [...w.shape]).values : flat;
    const theirs = readTorch(`grad_${p.torch}.f32`);
    const d = rms(ours, theirs);
    gradientGap[p.torch] = d / Math.max(rms(theirs), 1e-30);
    gradDiff += d * d * ours.length;
    gradNorm += rms(theirs) ** 2 * ours.length;
  }
  const worstGradient = Object.entries(gradientGap).sort((a, b) => b[1] - a[1])[0]!;
  // After the last step: difference over PyTorch's own change, per tensor; the worst of each kind.
  const worst: Record<string, { relative: number; tensor: string }> = {};
  for (const p of mapping) {
    const w = valuesOf(model, p);
    const ours = p.transpose ? reversed(w.values, w.shape).values : w.values;
    const theirs = readTorch(`torch_${p.torch}.f32`);
    const start = readTorch(`${p.torch}.f32`);
    const relative = rms(ours, theirs) / Math.max(rms(theirs, start), 1e-30);
    const kind = p.torch.split('.').at(-1)!;
    if (!worst[kind] || relative > worst[kind].relative) worst[kind] = { relative: Number(relative.toExponential(2)), tensor: p.torch };
  }
  const lossGap = ourLosses.map((l, i) => Math.abs(l - torchLosses[i]!));
  // Mean training loss per epoch, weighted by batch size, and the test accuracy after it.
  const perEpoch = data.test
    ? ourTestAccuracy.map((acc, e) => {
        const range = data.batches.slice(e * data.epochSteps, (e + 1) * data.epochSteps);
        const mean = (losses: number[]) => {
          let sum = 0;
          let n = 0;
          range.forEach((b, i) => {
            sum += losses[e * data.epochSteps + i]! * b.length;
            n += b.length;
          });
          return Number((sum / n).toFixed(4));
        };
        return { epoch: e + 1, train_loss: { ours: mean(ourLosses), torch: mean(torchLosses) }, test_accuracy: { ours: Number(acc.toFixed(4)), torch: Number(torchResult.test_accuracy[e]!.toFixed(4)) } };
      })
    : undefined;
  console.log(JSON.stringify({
    backend: tf.getBackend(),
    data: pickle ?? 'synthetic tones',
    steps: data.batches.length,
    batch,
    seed,
    adam: { lr: LR, eps },
    torch_environment: torchEnv,
    loss_first: { ours: ourLosses[0], torch: torchLosses[0] },
    loss_last: { ours: ourLosses.at(-1), torch: torchLosses.at(-1) },
    largest_loss_gap: Number(Math.max(...lossGap).toExponential(2)),
    first_step_gradient_gap: {
      overall: Number(Math.sqrt(gradDiff / gradNorm).toExponential(2)),
      worst_tensor: { tensor: worstGradient[0], relative: Number(worstGradient[1].toExponential(2)) },
    },
    final_weight_gap_over_change: worst,
    per_epoch: perEpoch,
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
  model.dispose();
}
