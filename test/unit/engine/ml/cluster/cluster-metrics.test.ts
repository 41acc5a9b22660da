import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { clusterScores, clusteringReport } from '../../../../../src/main/engine/ml/cluster/cluster-metrics.ts';

const python = '/usr/bin/python3';

function sklearnMissing(): string | null {
  try {
    execFileSync(python, ['-c', 'import sklearn.metrics'], { env: { PATH: '/usr/bin:/bin' }, stdio: 'ignore' });
    return null;
  } catch {
    return 'Debian python3-sklearn is not installed (apt-get install python3-sklearn): NMI/ARI are not compared with scikit-learn';
  }
}
const missing = sklearnMissing();
if (missing) console.warn(`skipped: ${missing}`);

/** scikit-learn's NMI (arithmetic mean) and ARI for each pair of label vectors. */
function sklearnScores(cases: { truth: number[]; pred: number[] }[]): { nmi: number; ari: number }[] {
  const script = `
import json, sys
from sklearn.metrics import normalized_mutual_info_score, adjusted_rand_score
cases = json.load(sys.stdin)
print(json.dumps([{'nmi': normalized_mutual_info_score(c['truth'], c['pred']), 'ari': adjusted_rand_score(c['truth'], c['pred'])} for c in cases]))
`;
  const out = execFileSync(python, ['-c', script], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  return JSON.parse(out) as { nmi: number; ari: number }[];
}

function fixedCases(): { truth: number[]; pred: number[]; k: number; c: number }[] {
  const rng = createRng(19);
  const noisy = (n: number, k: number, c: number, flip: number): { truth: number[]; pred: number[]; k: number; c: number } => {
    const truth = Array.from({ length: n }, () => rng.int(c));
    const pred = truth.map((y) => (rng.next() < flip ? rng.int(k) : (y * 7 + 3) % k));
    return { truth, pred, k, c };
  };
  return [
    noisy(300, 5, 5, 0.3),
    noisy(500, 11, 11, 0.6),
    noisy(200, 3, 6, 0.1), // fewer clusters than classes
    noisy(250, 8, 4, 0.5), // more clusters than classes
    noisy(120, 4, 4, 1.0), // independent: scores near zero, ARI may be negative
    { truth: [0, 0, 1, 1, 2, 2], pred: [1, 1, 0, 0, 2, 2], k: 3, c: 3 }, // a relabelling
    { truth: [0, 0, 0, 0], pred: [0, 0, 0, 0], k: 1, c: 1 }, // one group both sides
    { truth: [0, 1, 2, 3], pred: [0, 0, 0, 0], k: 1, c: 4 },
  ];
}

describe('clusterScores', () => {
  it.skipIf(missing !== null)('NMI and ARI equal scikit-learn on fixed label vectors', () => {
    const cases = fixedCases();
    const reference = sklearnScores(cases.map(({ truth, pred }) => ({ truth, pred })));
    cases.forEach((c, i) => {
      const ours = clusterScores(c.pred, c.truth, c.k, c.c);
      const ref = reference[i]!;
      // relative where the value is not tiny, absolute near zero
      expect(Math.abs(ours.nmi - ref.nmi)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref.nmi)));
      expect(Math.abs(ours.ari - ref.ari)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref.ari)));
    });
    // the independent case really is near zero, so the comparison above was not trivial
    expect(Math.abs(reference[4]!.ari)).toBeLessThan(0.05);
  }, 60_000); // scikit-learn's import alone takes seconds on a busy machine

  it('ACC is 1 for a relabelling and counts the best one-to-one map otherwise', () => {
    expect(clusterScores([1, 1, 0, 0, 2, 2], [0, 0, 1, 1, 2, 2], 3, 3).acc).toBe(1);
    // clusters {0: a a b}, {1: b b c}, {2: c}: best map 0→a, 1→b, 2→c = 2 + 2 + 1 of 7
    expect(clusterScores([0, 0, 0, 1, 1, 1, 2], [0, 0, 1, 1, 1, 2, 2], 3, 3).acc).toBeCloseTo(5 / 7, 12);
    // two clusters for three classes: only two classes can be matched
    expect(clusterScores([0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 2, 2], 2, 3).acc).toBeCloseTo(4 / 6, 12);
  });
});

describe('clusteringReport', () => {
  it('gives the cluster × class table, the map, and per-SNR scores under the overall map, skipping unlabelled samples', () => {
    // 10 dB: three (cluster 1, a) and three (cluster 0, b); −10 dB: two (0, a) and one (1, b)
    const clusters = Int32Array.from([1, 1, 1, 0, 0, 0, 0, 0, 1, 0]);
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 0, 0, 1, -1]);
    const snr = Float32Array.from([10, 10, 10, 10, 10, 10, -10, -10, -10, 10]);
    const r = clusteringReport(clusters, labels, snr, 2, ['a', 'b']);
    expect(r.count).toBe(9);
    expect(r.confusion).toEqual([
      [2, 3],
      [3, 1],
    ]);
    expect(r.clusterToClass).toEqual([1, 0]);
    expect(r.acc).toBeCloseTo(6 / 9, 12);
    // at −10 dB its own best map would score 1; the overall map scores 0
    expect(r.perSnr.map((s) => [s.snr, s.count, s.acc])).toEqual([
      [-10, 3, 0],
      [10, 6, 1],
    ]);
    expect(r.perSnr[1]!.nmi).toBe(1);
  });
});
