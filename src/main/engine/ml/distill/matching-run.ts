// DM and MDM: learn the synthetic signals S by matching, each iteration, the mean embedding of
// real and synthetic signals per group under freshly drawn random networks — in time, and for
// MDM also in frequency: L = L_TD + α·L_FD; S moves by SGD with momentum on ∂L/∂S.
//
// Every random choice of iteration t is seeded from (seed, t) alone, so a run resumed from a
// checkpoint after iteration t writes the same bytes as one that never stopped.
import { AppError } from '../../../../shared/errors.ts';
import { createRng, deriveSeed } from '../../base/random.ts';
import { tf } from '../tfjs.ts';
import type { DistillConfig } from './config.ts';
import { drawEmbedder, type Embedder } from './embedder.ts';
import { createFrequencyView, type FrequencyView } from './frequency-view.ts';
import { drawMembers, gatherSignals, type DistillGroup, type RealSet } from './groups.ts';
import { applyIqTransform, drawIqOrbit, drawIqTransform, ORBIT_COPIES, orbitMean } from './iq-augment.ts';
import type { Embed } from './matching.ts';
import { matchDomain } from './matching.ts';
import { momentumStep } from './synthetic-update.ts';

export interface LossPoint {
  /** 1-based: the iteration after which S changed */
  iteration: number;
  lossTime: number;
  /** 0 for DM */
  lossFrequency: number;
}

/** Where a run stands: what a checkpoint holds and a resume takes back. */
export interface MatchingState {
  iterationsDone: number;
  /** in the run's unit-RMS scale, [G·ipc][2][length] */
  synthetic: Float32Array;
  velocity: Float32Array;
  history: LossPoint[];
}

export interface MatchingProgress extends LossPoint {
  iterations: number;
  iterationsPerSecond: number;
  etaSeconds: number;
}

export interface MatchingHooks {
  onProgress?: (p: MatchingProgress) => void;
  /** every config.checkpointEvery iterations; awaited */
  onCheckpoint?: (state: MatchingState) => void | Promise<void>;
  signal?: AbortSignal;
  resume?: MatchingState;
}

/** One iteration's real batch, group after group, scaled; and each group's count. */
function realBatch(real: RealSet, groups: readonly DistillGroup[], config: DistillConfig, iteration: number, scale: number): { signals: Float32Array; sizes: number[] } {
  const rng = createRng(deriveSeed(config.seed, 'real-batch', iteration));
  const picks = groups.map((g) => drawMembers(g, config.batchReal, rng));
  const indices = new Int32Array(picks.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of picks) {
    indices.set(p, at);
    at += p.length;
  }
  const signals = gatherSignals(real, indices);
  for (let i = 0; i < signals.length; i++) signals[i] = signals[i]! / scale;
  return { signals, sizes: picks.map((p) => p.length) };
}

export interface IterationResult {
  lossTime: number;
  lossFrequency: number;
  /** ∂(L_TD + α·L_FD)/∂S */
  gradient: Float32Array;
}

/** The loss terms and gradient of one iteration (S unchanged). */
export function matchingIteration(
  real: RealSet, groups: readonly DistillGroup[], config: DistillConfig, synthetic: Float32Array, iteration: number, scale: number, view: FrequencyView | null,
): IterationResult {
  const { signals, sizes } = realBatch(real, groups, config, iteration, scale);
  const numClasses = real.classes.length;
  const within = <T>(embedder: Embedder, f: (e: Embedder) => T): T => {
    try {
      return f(embedder);
    } finally {
      embedder.dispose();
    }
  };
  // 'iq': one transform per iteration, the same for the real batch and S and for both domains
  const transform = config.augment === 'iq' ? drawIqTransform(deriveSeed(config.seed, 'augment', iteration), real.length) : null;
  const augmented = (x: tf.Tensor3D): tf.Tensor3D => (transform ? applyIqTransform(x, transform) : x);
  // 'orbit': S embedded as the mean over transformed copies; the real batch, whose phases and
  // timings are already random, as it is
  const orbit = config.augment === 'orbit' ? drawIqOrbit(deriveSeed(config.seed, 'orbit', iteration), real.length, ORBIT_COPIES) : null;
  const forSynthetic = (embed: Embed): Embed => (orbit ? (x) => orbitMean(embed, x, orbit) : embed);
  const time = within(drawEmbedder(config.embedder, real.length, numClasses, deriveSeed(config.seed, 'time-embedder', iteration)), (e) => {
    const embed: Embed = (x) => tf.tidy(() => e.features(augmented(x)));
    return matchDomain(embed, signals, sizes, synthetic, config.ipc, real.length, forSynthetic(embed));
  });
  if (config.alpha === 0 || view === null) return { lossTime: time.loss, lossFrequency: 0, gradient: time.gradient };
  const frequency = within(drawEmbedder(config.embedder, view.outputLength, numClasses, deriveSeed(config.seed, 'frequency-embedder', iteration)), (e) => {
    const embed: Embed = (x) => tf.tidy(() => e.features(view.apply(augmented(x))));
    return matchDomain(embed, signals, sizes, synthetic, config.ipc, real.length, forSynthetic(embed));
  });
  const gradient = time.gradient;
  for (let i = 0; i < gradient.length; i++) gradient[i] = gradient[i]! + config.alpha * frequency.gradient[i]!;
  return { lossTime: time.loss, lossFrequency: frequency.loss, gradient };
}

/** Runs the remaining iterations on `start` (in the unit-RMS scale); returns the final state. */
export async function runMatching(
  real: RealSet, groups: readonly DistillGroup[], config: DistillConfig, start: MatchingState, scale: number, hooks: MatchingHooks = {},
): Promise<MatchingState> {
  const state: MatchingState = { iterationsDone: start.iterationsDone, synthetic: Float32Array.from(start.synthetic), velocity: Float32Array.from(start.velocity), history: [...start.history] };
  const view = config.alpha > 0 ? createFrequencyView(real.length, config.frequency) : null;
  const began = performance.now();
  const firstIteration = state.iterationsDone;
  try {
    while (state.iterationsDone < config.iterations) {
      if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'distillation was cancelled');
      const t = state.iterationsDone;
      const step = matchingIteration(real, groups, config, state.synthetic, t, scale, view);
      if (!Number.isFinite(step.lossTime) || !Number.isFinite(step.lossFrequency)) {
        throw new AppError('JOB_FAILED', `distillation diverged at iteration ${t + 1} (L_TD ${step.lossTime}, L_FD ${step.lossFrequency}); try a lower learning rate`);
      }
      momentumStep(state.synthetic, state.velocity, step.gradient, config.learningRate, config.momentum);
      state.iterationsDone = t + 1;
      const point = { iteration: t + 1, lossTime: step.lossTime, lossFrequency: step.lossFrequency };
      state.history.push(point);
      const rate = (state.iterationsDone - firstIteration) / Math.max((performance.now() - began) / 1000, 1e-6);
      hooks.onProgress?.({ ...point, iterations: config.iterations, iterationsPerSecond: rate, etaSeconds: (config.iterations - state.iterationsDone) / rate });
      if (hooks.onCheckpoint && config.checkpointEvery > 0 && state.iterationsDone % config.checkpointEvery === 0 && state.iterationsDone < config.iterations) {
        await hooks.onCheckpoint({ ...state, synthetic: Float32Array.from(state.synthetic), velocity: Float32Array.from(state.velocity), history: [...state.history] });
      }
      // lets cancel messages and progress writes through between iterations
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    view?.dispose();
  }
  return state;
}
