// What the Pruning page waits for: the 'prune-analysis' job body (unit scores under each metric,
// CKA of the units' outputs, Fisher segmentation for every K) on an untrained ResNet1D with
// seeded weights and seeded random inputs. Prints one JSON document with seconds per metric.
//
//   node --import tsx bench/prune-analysis.ts [--depth 20] [--length 128] [--samples 256] [--backend wasm]
import { parseArgs } from '../src/main/cli/args.ts';
import { createRng } from '../src/main/engine/base/random.ts';
import { initBackend, parseBackendName } from '../src/main/engine/ml/backend/index.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../src/main/engine/ml/models/spec.ts';
import { analysePruning } from '../src/main/engine/ml/prune/analysis.ts';
import { selectionMetrics } from '../src/main/engine/ml/prune/selection.ts';
import { arraySource } from '../src/main/engine/ml/train/data.ts';

const { flags } = parseArgs(process.argv.slice(2), { backend: 'value', depth: 'value', length: 'value', samples: 'value' }, 'bench:prune-analysis');
const num = (name: string, fallback: number) => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const depth = num('depth', 20);
const length = num('length', 128);
const samples = num('samples', 256);
const classes = 11;

const backend = await initBackend(typeof flags.backend === 'string' ? { force: parseBackendName(flags.backend, '--backend') } : {});
const spec: ModelSpec = { arch: 'resnet1d', numClasses: classes, length, options: { depth } };
const model = buildModel(spec, { seed: 1 });
const rng = createRng(3);
const data = arraySource(
  Float32Array.from({ length: samples * 2 * length }, () => rng.normal()),
  Int32Array.from({ length: samples }, () => rng.int(classes)),
  length,
);

const perMetric: Record<string, number> = {};
let units = 0;
let elbow = 0;
for (const metric of selectionMetrics) {
  const t0 = performance.now();
  const a = analysePruning(model, spec, { calibration: data, val: data }, { modelId: 0, metric, seed: 0, calibrationSamples: samples });
  perMetric[metric] = Number(((performance.now() - t0) / 1000).toFixed(3));
  units = a.units.length;
  elbow = a.elbow;
}
model.dispose();
console.log(JSON.stringify({ bench: 'prune-analysis', backend: backend.chosen, model: `resnet1d-${depth}`, length, samples, units, elbow, secondsPerMetric: perMetric }, null, 2));
