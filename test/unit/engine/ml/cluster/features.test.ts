import { describe, expect, it } from 'vitest';
import { rawIqFeatures, spectralCumulantFeatures, standardiseBlocks } from '../../../../../src/main/engine/ml/cluster/features.ts';
import { toneSource } from '../prune/helpers.ts';

function blockVariance(values: Float32Array, d: number, from: number, to: number): number {
  const n = values.length / d;
  let total = 0;
  for (let t = from; t < to; t++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i * d + t]! / n;
    for (let i = 0; i < n; i++) total += (values[i * d + t]! - mean) ** 2 / n;
  }
  return total;
}

describe('baseline features', () => {
  it('each block ends centred with unit total variance, however its columns were scaled', () => {
    const d = 5;
    const values = Float32Array.from({ length: 40 * d }, (_, a) => ((a * 7919) % 101) * [1, 1000, 0.001, 5, 50][a % d]!);
    standardiseBlocks(values, d, [
      { from: 0, to: 3, perColumn: false },
      { from: 3, to: 5, perColumn: true },
    ]);
    expect(blockVariance(values, d, 0, 3)).toBeCloseTo(1, 5);
    expect(blockVariance(values, d, 3, 5)).toBeCloseTo(1, 5);
    // a whole-block scaling keeps the columns' proportions: column 1 still dominates block 0
    expect(blockVariance(values, d, 1, 2)).toBeGreaterThan(0.99);
  });

  it('spectral features separate tones of different frequencies where raw I/Q (random phase) cannot', () => {
    const [b] = [...toneSource(60, 32, 3, 7).batches(60, null)];
    /** mean distance between classes over mean distance within a class */
    const separation = ({ values, d }: { values: Float32Array; d: number }): number => {
      const dist = (i: number, j: number): number => Math.hypot(...Array.from({ length: d }, (_, t) => values[i * d + t]! - values[j * d + t]!));
      const sums = { within: 0, nw: 0, between: 0, nb: 0 };
      for (let i = 0; i < 60; i++) {
        for (let j = i + 1; j < 60; j++) {
          if (b!.y[i] === b!.y[j]) {
            sums.within += dist(i, j);
            sums.nw++;
          } else {
            sums.between += dist(i, j);
            sums.nb++;
          }
        }
      }
      return sums.between / sums.nb / (sums.within / sums.nw);
    };
    const spectral = spectralCumulantFeatures(b!.x, 32);
    expect(spectral.d).toBe(32 + 8);
    expect(separation(spectral)).toBeGreaterThan(1.5);
    expect(separation(rawIqFeatures(b!.x, 32))).toBeLessThan(1.2);
  });
});
