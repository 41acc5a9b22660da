import { describe, expect, it } from 'vitest';
import { constellationDensity } from '../../../../src/main/engine/dsp/constellation.ts';

describe('constellationDensity', () => {
  it('counts points of many vectors into the right cells', () => {
    const length = 4;
    // two vectors [2][4]: points (1,1),(1,1),(-1,-1),(0.9,-0.9) and (1,1)×4
    const x = new Float32Array([1, 1, -1, 0.9, 1, 1, -1, -0.9, 1, 1, 1, 1, 1, 1, 1, 1]);
    const d = constellationDensity(x, length, { bins: 4 });
    expect(d.extent).toBe(1);
    expect(d.total).toBe(8);
    // (1,1) → last row, last column
    expect(d.counts[3 * 4 + 3]).toBe(6);
    expect(d.counts[0]).toBe(1);
    expect(d.counts[0 * 4 + 3]).toBe(1);
    expect(d.max).toBe(6);
  });

  it('leaves out points outside a given extent', () => {
    const x = new Float32Array([0.1, 5, 0.1, 0.1]);
    const d = constellationDensity(x, 2, { bins: 2, extent: 1 });
    expect(d.total).toBe(1);
    expect(d.counts[1 * 2 + 1]).toBe(1);
  });

  it('rejects data that are not whole vectors', () => {
    expect(() => constellationDensity(new Float32Array(10), 4)).toThrow(RangeError);
  });
});
