import { describe, expect, it } from 'vitest';
import { horizontalVisibilityGraph, naturalVisibilityGraph } from '../../../../src/main/engine/dsp/visibility.ts';
import { createRng } from '../../../../src/main/engine/base/random.ts';

const pairs = (edges: Int32Array): string[] => {
  const out: string[] = [];
  for (let k = 0; k < edges.length; k += 2) out.push(`${edges[k]}-${edges[k + 1]}`);
  return out;
};

// brute force from the definitions, O(n³)
function naturalByDefinition(x: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      let visible = true;
      for (let k = i + 1; k < j; k++) if (!(x[k] < x[j] + ((x[i] - x[j]) * (j - k)) / (j - i))) visible = false;
      if (visible) out.push(`${i}-${j}`);
    }
  }
  return out;
}

function horizontalByDefinition(x: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      let visible = true;
      for (let k = i + 1; k < j; k++) if (!(x[k] < Math.min(x[i], x[j]))) visible = false;
      if (visible) out.push(`${i}-${j}`);
    }
  }
  return out;
}

describe('visibility graphs of the hand-worked series [3, 1, 2, 4, 1]', () => {
  const x = [3, 1, 2, 4, 1];

  it('natural VG: 0 sees 1, 2, 3 (not 4, hidden by the 4); 1 sees 3 over the 2; 2 does not see 4', () => {
    const g = naturalVisibilityGraph(x);
    expect(pairs(g.edges)).toEqual(['0-1', '0-2', '0-3', '1-2', '1-3', '2-3', '3-4']);
    expect(Array.from(g.degrees)).toEqual([3, 3, 3, 4, 1]);
  });

  it('horizontal VG: 1 no longer sees 3 (the 2 between is above min(1, 4))', () => {
    const g = horizontalVisibilityGraph(x);
    expect(pairs(g.edges)).toEqual(['0-1', '0-2', '0-3', '1-2', '2-3', '3-4']);
    expect(Array.from(g.degrees)).toEqual([3, 2, 3, 3, 1]);
  });

  it('a sample level with the line blocks the view (strict visibility)', () => {
    expect(pairs(naturalVisibilityGraph([1, 1, 1]).edges)).toEqual(['0-1', '1-2']);
    expect(pairs(horizontalVisibilityGraph([1, 1, 1]).edges)).toEqual(['0-1', '1-2']);
    expect(pairs(naturalVisibilityGraph([0, 1, 2]).edges)).toEqual(['0-1', '1-2']);
  });
});

describe('visibility graphs of random series', () => {
  it('match the brute-force definitions, and HVG ⊆ VG', () => {
    const rng = createRng(8);
    for (let trial = 0; trial < 20; trial++) {
      const x = Array.from({ length: 40 }, () => Math.round(rng.normal() * 4));
      const nvg = pairs(naturalVisibilityGraph(x).edges);
      const hvg = pairs(horizontalVisibilityGraph(x).edges);
      expect(nvg).toEqual(naturalByDefinition(x));
      expect(hvg).toEqual(horizontalByDefinition(x));
      for (const e of hvg) expect(nvg).toContain(e);
    }
  });

  it('HVG of an uncorrelated series has mean degree near 4 (the known i.i.d. result)', () => {
    const rng = createRng(9);
    const x = Array.from({ length: 20_000 }, () => rng.normal());
    const g = horizontalVisibilityGraph(x);
    expect(Math.abs((2 * g.edges.length) / 2 / x.length - 4)).toBeLessThan(0.05);
  });
});
