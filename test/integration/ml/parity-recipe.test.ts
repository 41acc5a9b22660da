// The pieces accuracy parity with the PyTorch reference rests on: numpy's legacy MT19937 split
// rebuilt in TypeScript, the notebook's mod-major stacking of an imported pickle, and the
// reference scripts' hyper-parameters.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/main/engine/io/registry.ts';
import { initBackend } from '../../../src/main/engine/ml/backend/index.ts';
import { deepsigSplit, stackModMajor } from '../../../src/main/engine/ml/parity/deepsig-split.ts';
import { legacyChoiceWithoutReplacement, legacyPermutation, Mt19937 } from '../../../src/main/engine/ml/parity/numpy-legacy-random.ts';
import { getReferenceRecipe, recipeTrainConfig, referenceRecipes } from '../../../src/main/engine/ml/parity/reference-recipe.ts';
import { runRecipe } from '../../../src/main/engine/ml/parity/run-recipe.ts';
import { applyTorchDefaultInit } from '../../../src/main/engine/ml/parity/torch-default-init.ts';
import { buildModel } from '../../../src/main/engine/ml/models/registry.ts';
import { openProject } from '../../../src/main/engine/store/project.ts';
import type { LoadedSamples } from '../../../src/main/engine/store/types.ts';
import { sharedPath } from '../../helpers/shared-folder.ts';

const PYTHON = '/usr/bin/python3';
const REFERENCE_DIR = sharedPath('reference');
const hasNumpy = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy']).status === 0;
if (!hasNumpy) console.warn(`parity-recipe: ${PYTHON} with numpy not found — the cross-checks against numpy are skipped`);

function python(code: string): string {
  const out = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (out.status !== 0) throw new Error(`python failed: ${out.stderr}`);
  return out.stdout.trim();
}

describe('numpy legacy MT19937', () => {
  it('gives the reference MT19937 outputs for the default seed 5489', () => {
    // Matsumoto & Nishimura's published first outputs of init_genrand(5489).
    const rng = new Mt19937(5489);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([3499211612, 581869302, 3890346734]);
  });

  it('permutes without losing or repeating an index', () => {
    const p = legacyPermutation(new Mt19937(3), 1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('rejects seeds and sizes numpy rejects', () => {
    expect(() => new Mt19937(-1)).toThrow(/seed must be an integer in 0..2\^32-1, got -1/);
    expect(() => legacyChoiceWithoutReplacement(1, 10, 11)).toThrow(/cannot take 11 samples without replacement from 10/);
  });

  it.skipIf(!hasNumpy)('choice(n, n//2, replace=False) equals numpy index for index', () => {
    for (const [seed, n] of [[2016, 1], [2016, 2], [2016, 37], [2016, 1000], [2016, 22000], [0, 513], [4294967295, 300], [7, 5000]] as const) {
      const ours = legacyChoiceWithoutReplacement(seed, n, Math.floor(n / 2));
      const theirs = python(`import numpy as np\nnp.random.seed(${seed})\nprint(','.join(map(str, np.random.choice(range(${n}), size=${n}//2, replace=False))))`);
      expect(Array.from(ours).join(','), `seed ${seed}, n ${n}`).toBe(theirs);
    }
  });
});

describe('DeepSig split', () => {
  it('partitions 0..n-1 into n//2 train indices and the ascending rest', () => {
    const { train, test } = deepsigSplit(101);
    expect(train.length).toBe(50);
    expect(test.length).toBe(51);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect([...test]).toEqual([...test].sort((a, b) => a - b));
  });

  it('stacks samples mod-major over sorted names and SNRs, keeping row order within a key', () => {
    // File order as a Python 2 dict might list it; the value is the vector's position in its key.
    const keys: Array<[string, number, number]> = [['QPSK', 2, 0], ['8PSK', -2, 0], ['QPSK', -2, 0], ['8PSK', 2, 0], ['AM-DSB', 2, 0], ['QPSK', 2, 1], ['8PSK', -2, 1]];
    const classes = ['QPSK', '8PSK', 'AM-DSB'];
    const length = 2;
    const samples: LoadedSamples = {
      x: Float32Array.from(keys.flatMap(([, snr, row], i) => [i, snr, row, 0])),
      y: Int32Array.from(keys.map(([m]) => classes.indexOf(m))),
      snr: Float32Array.from(keys.map(([, s]) => s)),
      ids: Int32Array.from(keys.map((_, i) => i + 1)),
      length,
      count: keys.length,
    };
    const s = stackModMajor(samples, classes, 'test');
    expect(s.classes).toEqual(['8PSK', 'AM-DSB', 'QPSK']);
    expect(s.snrs).toEqual([-2, 2]);
    const rows = Array.from({ length: s.count }, (_, i) => [s.classes[s.y[i]!], s.snr[i], s.x[i * 4 + 2], s.x[i * 4]]);
    expect(rows).toEqual([['8PSK', -2, 0, 1], ['8PSK', -2, 1, 6], ['8PSK', 2, 0, 3], ['AM-DSB', 2, 0, 4], ['QPSK', -2, 0, 2], ['QPSK', 2, 0, 0], ['QPSK', 2, 1, 5]]);
  });

  it('refuses samples without a label or an SNR, naming the source', () => {
    const samples: LoadedSamples = { x: new Float32Array(4), y: Int32Array.of(-1), snr: Float32Array.of(0), ids: Int32Array.of(1), length: 2, count: 1 };
    expect(() => stackModMajor(samples, ['BPSK'], 'f.pkl')).toThrow(/f\.pkl: sample 0 has no modulation label/);
    samples.y[0] = 0;
    samples.snr[0] = Number.NaN;
    expect(() => stackModMajor(samples, ['BPSK'], 'f.pkl')).toThrow(/f\.pkl: sample 0 has no SNR/);
  });
});

describe.skipIf(!hasNumpy)('an imported pickle, stacked and split like the notebook', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parity-recipe-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same X, labels and test rows as the reference loader', async () => {
    const pkl = join(dir, 'mini.pkl');
    // Keys inserted in a scrambled order, 3 vectors each, values tagging (key, row).
    python(
      [
        'import numpy as np, pickle',
        "mods = ['QPSK', 'BPSK', 'WBFM', 'AM-DSB', '8PSK']; snrs = [4, -6, 0, -2]",
        'rng = np.random.RandomState(5); d = {}',
        'for m in mods:',
        '  for s in snrs: d[(m, s)] = rng.standard_normal((3, 2, 128)).astype(np.float32)',
        `pickle.dump(d, open(${JSON.stringify(pkl)}, 'wb'), protocol=2)`,
      ].join('\n'),
    );
    const store = openProject(join(dir, 'p.amrproj'), { create: true });
    const { dataset } = await importFile(store, pkl);
    const stacked = stackModMajor(store.loadSamples({ datasetId: dataset.id }), dataset.classes, pkl);
    store.close();
    // The loader of train_torch.py, inlined so the test does not need the reference folder.
    const ref = JSON.parse(
      python(
        [
          'import numpy as np, pickle, json',
          `Xd = pickle.load(open(${JSON.stringify(pkl)}, 'rb'), encoding='latin1')`,
          'snrs, mods = map(lambda j: sorted(list(set(map(lambda x: x[j], Xd.keys())))), [1, 0])',
          'X = np.vstack([Xd[(m, s)] for m in mods for s in snrs]); lbl = [(m, s) for m in mods for s in snrs for _ in range(Xd[(m, s)].shape[0])]',
          'n = len(X); np.random.seed(2016); tr = np.random.choice(range(n), size=n // 2, replace=False)',
          'te = sorted(set(range(n)) - set(tr))',
          "print(json.dumps({'mods': mods, 'snrs': snrs, 'x': X.ravel().tolist(), 'y': [mods.index(l[0]) for l in lbl], 's': [l[1] for l in lbl], 'tr': tr.tolist(), 'te': te}))",
        ].join('\n'),
      ),
    ) as { mods: string[]; snrs: number[]; x: number[]; y: number[]; s: number[]; tr: number[]; te: number[] };
    expect(stacked.classes).toEqual(ref.mods);
    expect(stacked.snrs).toEqual(ref.snrs);
    expect(Array.from(stacked.y)).toEqual(ref.y);
    expect(Array.from(stacked.snr)).toEqual(ref.s);
    expect(Array.from(stacked.x)).toEqual(Array.from(Float32Array.from(ref.x)));
    const split = deepsigSplit(stacked.count);
    expect(Array.from(split.train)).toEqual(ref.tr);
    expect(Array.from(split.test)).toEqual(ref.te);
  });
});

/** `--name ... default=VALUE` of an argparse option in a reference script. */
function argparseDefault(script: string, option: string): number | undefined {
  const m = new RegExp(`add_argument\\(\\s*["']--${option}["'][^)]*?default\\s*=\\s*([-0-9.e]+)`).exec(script);
  return m ? Number(m[1]) : undefined;
}

describe('reference recipes', () => {
  it('resolve to fixed-epoch, constant-rate Adam with no early stopping', () => {
    for (const recipe of Object.values(referenceRecipes)) {
      const c = recipeTrainConfig(recipe, 2016);
      expect(c).toMatchObject({ epochs: recipe.epochs, batchSize: recipe.batchSize, learningRate: recipe.learningRate, optimizer: 'adam', epsilon: 1e-8, seed: 2016, earlyStopping: null, schedule: { kind: 'constant' } });
    }
    expect(recipeTrainConfig(referenceRecipes.resnet1d20, 1, 3).epochs).toBe(3);
    expect(() => getReferenceRecipe('lstm2')).toThrow(/no reference recipe for model 'lstm2'/);
  });

  const trainRef = join(REFERENCE_DIR, 'train_ref.py');
  const trainTorch = join(REFERENCE_DIR, 'train_torch.py');
  if (existsSync(trainRef) && existsSync(trainTorch)) {
    it("match the reference scripts' defaults", () => {
      const ref = readFileSync(trainRef, 'utf8');
      const torchScript = readFileSync(trainTorch, 'utf8');
      const r = referenceRecipes.resnet1d20;
      expect([argparseDefault(ref, 'epochs'), argparseDefault(ref, 'batch'), argparseDefault(ref, 'lr')]).toEqual([r.epochs, r.batchSize, r.learningRate]);
      expect(ref).toMatch(/default=['"]resnet1d20['"]/);
      // train_ref.py keeps PyTorch's initialisation; train_torch.py sets the notebook's
      expect(ref).not.toMatch(/nn\.init\./);
      expect(r.init).toBe('torch-default');
      expect(torchScript).toMatch(/nn\.init\.xavier_uniform_/);
      expect(torchScript).toMatch(/nn\.init\.kaiming_normal_/);
      expect(referenceRecipes.vtcnn2.init).toBe('zoo');
      const v = referenceRecipes.vtcnn2;
      expect([argparseDefault(torchScript, 'batch'), argparseDefault(torchScript, 'lr')]).toEqual([v.batchSize, v.learningRate]);
      for (const script of [ref, torchScript]) {
        // torch.optim.Adam with its default ε (1e-8): no eps= argument
        expect(script).toMatch(/torch\.optim\.Adam\([^)]*\)/);
        expect(script).not.toMatch(/torch\.optim\.Adam\([^)]*eps/);
        expect(script).toMatch(/F\.cross_entropy/);
        expect(script).toMatch(/np\.random\.seed\(2016\)/);
        expect(script).toMatch(/np\.random\.choice\(range\(0?,? ?n(_examples)?\), size=n(_examples)? ?\/\/ ?2, replace=False\)/);
      }
    });
  } else {
    it('keep the documented DeepSig and ResNet1D-20 constants', () => {
      expect(referenceRecipes.resnet1d20).toMatchObject({ epochs: 10, batchSize: 256, learningRate: 1e-3, epsilon: 1e-8, init: 'torch-default' });
      expect(referenceRecipes.vtcnn2).toMatchObject({ epochs: 10, batchSize: 1024, learningRate: 1e-3, epsilon: 1e-8, init: 'zoo' });
    });
  }
});

describe('runRecipe', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it("re-initialises conv and dense layers with PyTorch's U(±1/√fan_in), reproducibly", () => {
    const spec = { arch: 'resnet1d8', numClasses: 5, length: 32 };
    const kernels = (seed: number) => {
      const model = buildModel(spec, { seed: 1 });
      // stem, 3 blocks of 2 convs, 2 projections (stages 2 and 3), the head
      expect(applyTorchDefaultInit(model, seed)).toBe(10);
      const out = model.layers
        .filter((l) => ['Conv1D', 'Dense'].includes(l.getClassName()))
        .map((l) => {
          const [k] = l.getWeights();
          return { fanIn: k!.shape.slice(0, -1).reduce((a, b) => a * b, 1), values: Array.from(k!.dataSync()) };
        });
      model.dispose();
      return out;
    };
    const a = kernels(11);
    for (const { fanIn, values } of a) {
      const bound = 1 / Math.sqrt(fanIn);
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
      expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.8 * bound);
    }
    expect(kernels(11)).toEqual(a);
    expect(kernels(12)[0]!.values).not.toEqual(a[0]!.values);
  });

  it('trains on the train half and scores the test half overall, per SNR and at ≥ 0 dB', async () => {
    // Two separable classes (a tone vs. its negated-Q mirror) at two SNR labels.
    const length = 32;
    const per = 2 * length;
    const n = 48;
    const x = new Float32Array(n * per);
    const y = new Int32Array(n);
    const snr = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      snr[i] = i % 4 < 2 ? -4 : 6;
      for (let t = 0; t < length; t++) {
        x[i * per + t] = Math.cos(0.4 * t + i);
        x[i * per + length + t] = (y[i] ? -1 : 1) * Math.sin(0.4 * t + i);
      }
    }
    const data = stackModMajor({ x, y, snr, ids: Int32Array.from(y, (_, i) => i), length, count: n }, ['up', 'down'], 'synthetic');
    const score = await runRecipe(data, referenceRecipes.resnet1d20, 3, { epochs: 1 });
    expect(score.epochs).toBe(1);
    // the recipe's own starting weights unless asked otherwise
    expect(score.init).toBe('torch-default');
    expect(score.history).toHaveLength(1);
    expect(Object.keys(score.perSnr).sort()).toEqual(['-4', '6']);
    expect(score.snrGe0dB).toBeCloseTo(score.perSnr['6']!, 12);
    // Overall accuracy is the per-SNR accuracies weighted by each SNR's test count.
    const testSnr = Array.from(deepsigSplit(n).test, (k) => data.snr[k]!);
    const high = testSnr.filter((s) => s >= 0).length;
    expect(score.overall).toBeCloseTo((score.perSnr['6']! * high + score.perSnr['-4']! * (testSnr.length - high)) / testSnr.length, 10);
    expect(score.trainSamplesPerSecond).toBeGreaterThan(0);
  }, 30_000);
});
