// The demo project a new user starts from: a generated RML2016.10a-style dataset (recipe in
// resources/demo-recipe.json) with a stored, seeded train/val/test split.
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import recipeJson from '../../../resources/demo-recipe.json' with { type: 'json' };
import { openProject } from './store/project.ts';
import type { DatasetInfo } from './store/types.ts';
import type { SplitCounts } from './store/splits.ts';
import { writeGeneratedDataset } from './dsp/synth/write.ts';
import type { GeneratorConfig } from './dsp/synth/generate.ts';

const recipeSchema = z.object({
  name: z.string().min(1),
  preset: z.literal('rml2016'),
  classes: z.array(z.string()).min(1),
  snrs: z.object({ from: z.number(), to: z.number(), step: z.number().positive() }),
  perKey: z.number().int().positive(),
  length: z.number().int().positive(),
  seed: z.number().int(),
  split: z.object({ train: z.number(), val: z.number(), test: z.number() }),
});

export type DemoRecipe = z.infer<typeof recipeSchema>;

export function demoRecipe(): DemoRecipe {
  const parsed = recipeSchema.safeParse(recipeJson);
  if (!parsed.success) throw new AppError('INTERNAL', `resources/demo-recipe.json: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export interface DemoOptions {
  /** vectors per (class, SNR) key (default: the recipe's 100) */
  perKey?: number;
  /** generator and split seed (default: the recipe's 2016) */
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface DemoProject {
  path: string;
  dataset: DatasetInfo;
  splits: SplitCounts;
}

export function demoGeneratorConfig(options: Pick<DemoOptions, 'perKey' | 'seed'> = {}): GeneratorConfig {
  const recipe = demoRecipe();
  const snrs: number[] = [];
  for (let s = recipe.snrs.from; s <= recipe.snrs.to; s += recipe.snrs.step) snrs.push(s);
  return { preset: recipe.preset, classes: recipe.classes, snrs, perKey: options.perKey ?? recipe.perKey, length: recipe.length, seed: options.seed ?? recipe.seed };
}

/** Creates a new project file at `path` holding the demo dataset; refuses to touch an existing file. */
export async function createDemoProject(path: string, options: DemoOptions = {}): Promise<DemoProject> {
  const file = resolve(path);
  if (existsSync(file)) throw new AppError('VALIDATION', `${file}: already exists; choose a new file name for the demo project`);
  const recipe = demoRecipe();
  const config = demoGeneratorConfig(options);
  if (!Number.isInteger(config.seed)) throw new AppError('VALIDATION', `demo seed must be an integer, got ${config.seed}`);
  const store = openProject(file, { create: true });
  try {
    const dataset = await writeGeneratedDataset(store, config, { name: recipe.name, onProgress: options.onProgress, signal: options.signal });
    const splits = store.assignSplits(dataset.id, { ...recipe.split, seed: config.seed });
    const result = { path: file, dataset: store.getDataset(dataset.id), splits };
    store.close();
    return result;
  } catch (err) {
    // the file is ours (it did not exist before): leave nothing half-made behind
    store.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    throw err;
  }
}
