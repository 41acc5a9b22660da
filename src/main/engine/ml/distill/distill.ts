// One entry for every dataset-distillation method (MDM, from “MDM: Advancing Multi-Domain Distribution
// Matching for Automatic Modulation Recognition Dataset Synthesis”, and its baselines): a real training set
// and a config in, a small labelled set of signals out (synthetic for DM/MDM, selected real ones for the
// baselines).
import { AppError } from '../../../../shared/errors.ts';
import { createRng, deriveSeed } from '../../base/random.ts';
import { isMatchingMethod, type DistillConfig } from './config.ts';
import { randomMembers, selectCoreset } from './coreset.ts';
import { checkEmbedder } from './embedder.ts';
import { distillGroups, gatherSignals, type DistillGroup, type RealSet } from './groups.ts';
import { runMatching, type LossPoint, type MatchingHooks, type MatchingState } from './matching-run.ts';
import { scaled, signalScale } from './signal-scale.ts';

export interface DistilledSet {
  /** [n][2][length] float32 in the source's own scale */
  x: Float32Array;
  labels: Int32Array;
  /** the cell's SNR with perSnr, NaN otherwise (a synthetic signal has no single SNR) */
  snr: Float32Array;
  length: number;
  classes: string[];
  /** the real signals chosen (baselines) or started from (DM/MDM from real), in S's order */
  sourceIndices: Int32Array | null;
  history: LossPoint[];
  /** the RMS the matching ran in units of */
  scale: number;
  iterationsDone: number;
}

/** Labels and SNRs of S: ipc copies of each group's, group after group. */
function groupLabels(groups: readonly DistillGroup[], ipc: number): { labels: Int32Array; snr: Float32Array } {
  const labels = new Int32Array(groups.length * ipc);
  const snr = new Float32Array(groups.length * ipc);
  groups.forEach((g, k) => {
    labels.fill(g.label, k * ipc, (k + 1) * ipc);
    snr.fill(g.snr, k * ipc, (k + 1) * ipc);
  });
  return { labels, snr };
}

/** S before iteration 1, in the unit-RMS scale, and the real signals it was copied from. */
export function initialMatchingState(real: RealSet, groups: readonly DistillGroup[], config: DistillConfig, scale: number): { state: MatchingState; sourceIndices: Int32Array | null } {
  const size = groups.length * config.ipc * 2 * real.length;
  let synthetic: Float32Array;
  let sourceIndices: Int32Array | null = null;
  if (config.init === 'real') {
    sourceIndices = new Int32Array(groups.length * config.ipc);
    groups.forEach((g, k) => sourceIndices!.set(randomMembers(g, config), k * config.ipc));
    synthetic = scaled(gatherSignals(real, sourceIndices), 1 / scale);
  } else {
    const rng = createRng(deriveSeed(config.seed, 'noise-init'));
    synthetic = Float32Array.from({ length: size }, () => rng.normal());
  }
  return { state: { iterationsDone: 0, synthetic, velocity: new Float32Array(size), history: [] }, sourceIndices };
}

function rms(x: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]! * x[i]!;
  return Math.sqrt(sum / (to - from));
}

/**
 * Scales each synthetic signal to the mean RMS of its group's real signals. Both embedders start
 * with an instance norm, so the matching loss cannot see a signal's scale, and its gradient,
 * orthogonal to the signal, makes the norm drift up over the iterations (2–3× in a few hundred);
 * the rescale changes no loss and gives the set its source's energy convention back.
 */
function matchGroupEnergy(x: Float32Array, real: RealSet, groups: readonly DistillGroup[], ipc: number): void {
  const per = 2 * real.length;
  groups.forEach((g, k) => {
    let target = 0;
    for (const i of g.members) target += rms(real.x, i * per, (i + 1) * per) / g.members.length;
    for (let j = k * ipc; j < (k + 1) * ipc; j++) {
      const now = rms(x, j * per, (j + 1) * per);
      if (now > 0) for (let v = j * per; v < (j + 1) * per; v++) x[v] = (x[v]! * target) / now;
    }
  });
}

export async function distillDataset(real: RealSet, config: DistillConfig, hooks: MatchingHooks = {}): Promise<DistilledSet> {
  const groups = distillGroups(real, config.perSnr, config.ipc);
  checkEmbedder(config.embedder, real.length, real.classes.length);
  const scale = signalScale(real.x);
  const { labels, snr } = groupLabels(groups, config.ipc);
  const base = { labels, snr, length: real.length, classes: [...real.classes], scale };
  if (!isMatchingMethod(config.method)) {
    const sourceIndices = selectCoreset(real, groups, config, scale);
    return { ...base, x: gatherSignals(real, sourceIndices), sourceIndices, history: [], iterationsDone: 0 };
  }
  const initial = initialMatchingState(real, groups, config, scale);
  if (hooks.resume && hooks.resume.synthetic.length !== initial.state.synthetic.length) {
    throw new AppError('VALIDATION', `distillation checkpoint holds ${hooks.resume.synthetic.length} values of S, this run needs ${initial.state.synthetic.length}: it belongs to another config or dataset`);
  }
  const final = await runMatching(real, groups, config, hooks.resume ?? initial.state, scale, hooks);
  const x = scaled(final.synthetic, scale);
  matchGroupEnergy(x, real, groups, config.ipc);
  return { ...base, x, sourceIndices: initial.sourceIndices, history: final.history, iterationsDone: final.iterationsDone };
}
