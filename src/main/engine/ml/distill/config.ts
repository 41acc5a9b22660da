// What a distillation run is, as data: the method, its hyper-parameters and their defaults.
//
// Plain data, no TF.js: the main process reads it to describe runs.
//
// CPU defaults finish in minutes on a laptop-class core: 300 iterations, real batch 64 per
// class, a width-64 ConvNet, and a learning rate on S sized to I/Q signals (see
// cpuLearningRate). The dataset-condensation reference (20,000 iterations, batch 256, width 128,
// lr 1) is the 'reference' preset, one option away, for machines with the time for it.
import { defaultDistillAugment, distillAugmentNames, type DistillAugmentName } from '../../../../shared/distillation.ts';
import { AppError } from '../../../../shared/errors.ts';

export const distillMethods = ['mdm', 'dm', 'random', 'herding', 'kcenter'] as const;

/** The spectrum MDM matches: of x = I + jQ (default), or of each rail on its own. */
export const frequencyModes = ['complex', 'per-rail'] as const;
export type FrequencyMode = (typeof frequencyModes)[number];

/**
 * Augmentation inside the matching (iq-augment.ts): none; 'iq', one random I/Q transform per
 * iteration on both sides; 'orbit', S embedded as the mean over several transformed copies.
 * Unless a run names one, MDM matches through the orbit and DM plainly (defaultDistillAugment).
 */
export const augmentModes = distillAugmentNames;
export type AugmentMode = DistillAugmentName;

/** The matching network of the dataset-condensation papers, made 1-D. */
export const CONVNET_EMBEDDER = 'convnet';
export type DistillMethod = (typeof distillMethods)[number];

/** Methods that learn S by distribution matching; the others select real samples. */
export function isMatchingMethod(method: DistillMethod): boolean {
  return method === 'mdm' || method === 'dm';
}

export interface EmbedderConfig {
  /** 'convnet' (the matching network of the papers) or any zoo architecture */
  arch: string;
  /** convnet only: filters per convolution */
  width: number;
  /** convnet only: conv blocks, each halving time */
  depth: number;
  /** zoo architectures: their builder's options */
  options?: Record<string, unknown>;
}

export interface DistillConfig {
  method: DistillMethod;
  /** synthetic (or selected) signals per class, or per class × SNR cell with perSnr */
  ipc: number;
  /** distil each class × SNR cell on its own, ipc signals each */
  perSnr: boolean;
  /** weight of the frequency-domain term; MDM only (DM is α = 0) */
  alpha: number;
  frequency: FrequencyMode;
  /** 'iq': the same random phase rotation, circular shift and gain on real and synthetic signals before embedding; 'orbit': S as the mean of its transformed copies */
  augment: AugmentMode;
  iterations: number;
  /** real signals per class (per cell) drawn each iteration */
  batchReal: number;
  /** SGD on the synthetic signals */
  learningRate: number;
  momentum: number;
  /** synthetic signals start as real ones of their class, or as Gaussian noise */
  init: 'real' | 'noise';
  embedder: EmbedderConfig;
  /** seeds initialisation, real batches and every embedder; recorded with the result */
  seed: number;
  /** iterations between checkpoints of S (0: none) */
  checkpointEvery: number;
}

/**
 * The CPU preset's learning rate on S: 0.01 per synthetic signal of a group. The reference's lr 1
 * was set for 3×32×32 images; on unit-RMS 2×128 signals the first gradient of a one-signal group
 * is 2.3 times the signal's own norm (a width-64 ConvNet on a generated RML2016-style set), so
 * lr 1 replaces S by wideband noise within ten iterations. A group's mean spreads the gradient
 * over its ipc signals (each gets 1/ipc of it), hence the factor ipc: every signal's first step
 * is then about 2 % of its norm whatever the ipc.
 */
export function cpuLearningRate(ipc: number): number {
  return 0.01 * ipc;
}

export const cpuDefaults: Omit<DistillConfig, 'method' | 'ipc' | 'learningRate' | 'augment'> = {
  perSnr: false,
  alpha: 1,
  frequency: 'complex',
  iterations: 300,
  batchReal: 64,
  momentum: 0.5,
  init: 'real',
  embedder: { arch: 'convnet', width: 64, depth: 3 },
  seed: 0,
  checkpointEvery: 50,
};

/** The public DM reference's settings (main_DM.py); lr 10 from ipc 100 up, as there. */
export function referencePreset(ipc: number): Pick<DistillConfig, 'iterations' | 'batchReal' | 'learningRate' | 'momentum' | 'embedder'> {
  return { iterations: 20_000, batchReal: 256, learningRate: ipc >= 100 ? 10 : 1, momentum: 0.5, embedder: { arch: 'convnet', width: 128, depth: 3 } };
}

export type DistillPreset = 'cpu' | 'reference';

function positiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw new AppError('VALIDATION', `distillation ${what} must be a positive integer, got ${value}`);
}

/** Fills a partial config from the preset's defaults and checks every field. */
export type DistillRequest = Partial<Omit<DistillConfig, 'embedder'>> & Pick<DistillConfig, 'method' | 'ipc'> & { embedder?: Partial<EmbedderConfig> };

export function resolveDistillConfig(partial: DistillRequest, preset: DistillPreset = 'cpu'): DistillConfig {
  const presetFields = preset === 'reference' ? referencePreset(partial.ipc) : { learningRate: cpuLearningRate(partial.ipc) };
  const base = { ...cpuDefaults, augment: defaultDistillAugment(partial.method), ...presetFields };
  const c: DistillConfig = { ...base, ...partial, embedder: { ...base.embedder, ...partial.embedder } };
  if (!(distillMethods as readonly string[]).includes(c.method)) {
    throw new AppError('VALIDATION', `distillation method '${String(c.method)}' is unknown (known: ${distillMethods.join(', ')})`);
  }
  positiveInteger(c.ipc, 'ipc');
  positiveInteger(c.iterations, 'iterations');
  positiveInteger(c.batchReal, 'real batch');
  positiveInteger(c.embedder.width, 'embedder width');
  positiveInteger(c.embedder.depth, 'embedder depth');
  if (!Number.isInteger(c.checkpointEvery) || c.checkpointEvery < 0) throw new AppError('VALIDATION', `distillation checkpointEvery must be an integer ≥ 0, got ${c.checkpointEvery}`);
  if (!Number.isInteger(c.seed)) throw new AppError('VALIDATION', `distillation seed must be an integer, got ${c.seed}`);
  if (!(c.alpha >= 0 && Number.isFinite(c.alpha))) throw new AppError('VALIDATION', `distillation alpha must be a number ≥ 0, got ${c.alpha}`);
  if (!(c.learningRate > 0 && Number.isFinite(c.learningRate))) throw new AppError('VALIDATION', `distillation learning rate must be > 0, got ${c.learningRate}`);
  if (!(c.momentum >= 0 && c.momentum < 1)) throw new AppError('VALIDATION', `distillation momentum must be in [0, 1), got ${c.momentum}`);
  if (!frequencyModes.includes(c.frequency)) throw new AppError('VALIDATION', `distillation frequency view '${String(c.frequency)}' is unknown (known: ${frequencyModes.join(', ')})`);
  if (!augmentModes.includes(c.augment)) throw new AppError('VALIDATION', `distillation augment '${String(c.augment)}' is unknown (known: ${augmentModes.join(', ')})`);
  if (c.init !== 'real' && c.init !== 'noise') throw new AppError('VALIDATION', `distillation init must be 'real' or 'noise', got '${String(c.init)}'`);
  // DM is MDM without its frequency term, so a DM config carries α = 0 whatever was asked.
  return c.method === 'dm' ? { ...c, alpha: 0 } : c;
}
