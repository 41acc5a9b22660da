import { describe, expect, it } from 'vitest';
import { blockInfluence } from '../../../../../src/main/engine/ml/prune/block-influence.ts';

describe('block influence', () => {
  it('is 0 for an identity block and for a pure rescaling', () => {
    const h = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i) + 0.1);
    expect(blockInfluence(h, h)).toBeCloseTo(0, 7);
    expect(blockInfluence(h, h.map((v) => 2 * v))).toBeCloseTo(0, 7);
  });

  it('is 1 for an orthogonal output and 2 for a negated one', () => {
    expect(blockInfluence([1, 0], [0, 1])).toBeCloseTo(1, 12);
    expect(blockInfluence([1, 2, 3], [-1, -2, -3])).toBeCloseTo(2, 12);
  });

  it('refuses activations of different sizes', () => {
    expect(() => blockInfluence([1, 2], [1, 2, 3])).toThrow(/equal shapes/);
  });
});
