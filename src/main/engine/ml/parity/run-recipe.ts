// Trains a zoo model with a reference recipe on the DeepSig split and scores it the way the
// reference scripts do: overall test accuracy, accuracy over SNR ≥ 0 dB, and per SNR.
import { performance } from 'node:perf_hooks';
import { predictClasses } from '../eval/evaluate.ts';
import { classificationReport } from '../eval/metrics.ts';
import { buildModel } from '../models/registry.ts';
import { assignModelWeights, decodeWeights } from '../persist/weights.ts';
import { arraySource } from '../train/data.ts';
import { trainModel, type EpochMetrics } from '../train/trainer.ts';
import { deepsigSplit, takeRows, type StackedDataset } from './deepsig-split.ts';
import { recipeTrainConfig, type InitScheme, type ReferenceRecipe } from './reference-recipe.ts';
import { applyTorchDefaultInit } from './torch-default-init.ts';

export interface RecipeScore {
  seed: number;
  init: InitScheme;
  epochs: number;
  overall: number;
  snrGe0dB: number;
  /** accuracy per SNR (dB, as a string key like the reference JSON) */
  perSnr: Record<string, number>;
  trainSamplesPerSecond: number;
  trainSeconds: number;
  history: EpochMetrics[];
}

const INFER_BATCH = 2048;

export async function runRecipe(
  data: StackedDataset,
  recipe: ReferenceRecipe,
  seed: number,
  opts: { epochs?: number; init?: InitScheme; onEpoch?: (m: EpochMetrics) => void } = {},
): Promise<RecipeScore> {
  const split = deepsigSplit(data.count);
  const train = takeRows(data, split.train);
  const test = takeRows(data, split.test);
  const model = buildModel({ arch: recipe.model, numClasses: data.classes.length, length: data.length }, { seed });
  const init = opts.init ?? recipe.init;
  try {
    if (init === 'torch-default') applyTorchDefaultInit(model, seed);
    const config = recipeTrainConfig(recipe, seed, opts.epochs);
    let lastWeights: Uint8Array | null = null;
    const started = performance.now();
    const result = await trainModel(model, { train: arraySource(train.x, train.y, data.length, train.snr) }, config, {
      onEpochEnd: (state) => {
        lastWeights = state.weights;
        opts.onEpoch?.(state.history.at(-1)!);
      },
    });
    const trainSeconds = (performance.now() - started) / 1000;
    // Without validation data the trainer keeps the lowest-training-loss epoch; the reference keeps the last.
    if (lastWeights && result.bestEpoch !== config.epochs - 1) assignModelWeights(model, decodeWeights(lastWeights, 'last epoch weights'));
    const p = predictClasses(model, arraySource(test.x, test.y, data.length, test.snr), INFER_BATCH);
    const report = classificationReport(p.labels, p.predicted, p.snr, data.classes);
    let highHits = 0;
    let highCount = 0;
    for (const s of report.perSnr) {
      if (s.snr < 0) continue;
      highHits += s.accuracy * s.count;
      highCount += s.count;
    }
    return {
      seed,
      init,
      epochs: config.epochs,
      overall: report.accuracy,
      snrGe0dB: highCount ? highHits / highCount : Number.NaN,
      perSnr: Object.fromEntries(report.perSnr.map((s) => [String(s.snr), s.accuracy])),
      trainSamplesPerSecond: result.samplesPerSecond,
      trainSeconds,
      history: result.history,
    };
  } finally {
    model.dispose();
  }
}
