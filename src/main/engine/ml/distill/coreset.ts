// The selection baselines: ipc real signals per group, chosen at random, by herding or by
// k-center in the embedding space of one seeded random embedder (the matching network, never
// trained, so the baselines need nothing the distillation does not).
import { createRng, deriveSeed } from '../../base/random.ts';
import { tf } from '../tfjs.ts';
import type { DistillConfig } from './config.ts';
import { drawEmbedder, type Embedder } from './embedder.ts';
import { drawMembers, gatherSignals, type DistillGroup, type RealSet } from './groups.ts';
import { herdingSelect, type FeatureRows } from './herding.ts';
import { kCenterSelect } from './k-center.ts';
import { REAL_CHUNK } from './matching.ts';

/**
 * ipc members of the group drawn at random. The same draw starts DM and MDM from real signals,
 * so a matching run at iteration 0 is this baseline exactly.
 */
export function randomMembers(group: DistillGroup, config: Pick<DistillConfig, 'seed' | 'ipc'>): Int32Array {
  return drawMembers(group, config.ipc, createRng(deriveSeed(config.seed, 'select', group.label, group.snr)));
}

/** Features of the group's members, [n, F], at the run's scale. */
export function groupFeatures(embedder: Embedder, real: RealSet, group: DistillGroup, scale: number): FeatureRows {
  const chunks: Float32Array[] = [];
  let dim = 0;
  for (let from = 0; from < group.members.length; from += REAL_CHUNK) {
    const members = group.members.subarray(from, Math.min(group.members.length, from + REAL_CHUNK));
    const signals = gatherSignals(real, members);
    const f = tf.tidy(() => embedder.features(tf.div(tf.tensor3d(signals, [members.length, 2, real.length]), scale) as tf.Tensor3D));
    dim = f.shape[1];
    chunks.push(f.dataSync() as Float32Array);
    f.dispose();
  }
  const data = new Float32Array(group.members.length * dim);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  return { data, n: group.members.length, dim };
}

/** Indices into the real set: ipc per group, group after group. */
export function selectCoreset(real: RealSet, groups: readonly DistillGroup[], config: DistillConfig, scale: number): Int32Array {
  const out = new Int32Array(groups.length * config.ipc);
  if (config.method === 'random') {
    groups.forEach((g, k) => out.set(randomMembers(g, config), k * config.ipc));
    return out;
  }
  const select = config.method === 'herding' ? herdingSelect : config.method === 'kcenter' ? kCenterSelect : null;
  if (!select) throw new RangeError(`coreset: '${config.method}' is not a selection method`);
  const embedder = drawEmbedder(config.embedder, real.length, real.classes.length, deriveSeed(config.seed, 'coreset-embedder'));
  try {
    groups.forEach((g, k) => {
      const rows = select(groupFeatures(embedder, real, g, scale), config.ipc);
      out.set(Array.from(rows, (r) => g.members[r]!), k * config.ipc);
    });
  } finally {
    embedder.dispose();
  }
  return out;
}
