import { describe, expect, it } from 'vitest';
import { lowestScoring, parseSelectionMetric, randomScores, removalCount, reverseOrderScores } from '../../../../../src/main/engine/ml/prune/selection.ts';

const units = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, layers: [`${id}_conv`] }));

describe('layer selection', () => {
  it('reverse-order removes the last units', () => {
    expect(lowestScoring(units, reverseOrderScores(units), 2)).toEqual(['f', 'e']);
  });

  it('random choice is reproducible from its seed and changes with it', () => {
    const pick = (seed: number) => lowestScoring(units, randomScores(units, seed), 3).sort();
    expect(pick(11)).toEqual(pick(11));
    const picks = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => pick(s).join()));
    expect(picks.size).toBeGreaterThan(1);
  });

  it('removes the lowest scores, later unit first on ties', () => {
    const scores = new Map([['a', 3], ['b', 1], ['c', 1], ['d', 0.5], ['e', 9], ['f', 2]]);
    expect(lowestScoring(units, scores, 3)).toEqual(['d', 'c', 'b']);
  });

  it('turns a ratio into a count: rounded, at least one, never all invalid ratios', () => {
    expect(removalCount(6, 0.25)).toBe(2);
    expect(removalCount(9, 0.25)).toBe(2);
    expect(removalCount(3, 0.1)).toBe(1);
    expect(removalCount(6, 0)).toBe(0);
    expect(() => removalCount(6, 1)).toThrow(/ratio must be in \[0, 1\)/);
    expect(() => parseSelectionMetric('entropy')).toThrow(/unknown layer-selection metric 'entropy'/);
  });
});
