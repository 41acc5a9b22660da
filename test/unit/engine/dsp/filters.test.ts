import { describe, expect, it } from 'vitest';
import { convolve, gaussianFrequencyPulse, rootRaisedCosineTaps, upsampleAndFilter } from '../../../../src/main/engine/dsp/filters.ts';

describe('rootRaisedCosineTaps', () => {
  const sps = 8;
  const taps = rootRaisedCosineTaps(0.35, sps, 16);

  it('has unit energy and is symmetric', () => {
    let energy = 0;
    for (const v of taps) energy += v * v;
    expect(energy).toBeCloseTo(1, 12);
    for (let k = 0; k < taps.length; k++) expect(taps[k]).toBeCloseTo(taps[taps.length - 1 - k], 12);
    expect(taps.length).toBe(129);
  });

  it('cascaded with itself is a Nyquist pulse: 1 at the centre, ~0 at other symbol instants', () => {
    const rc = convolve(taps, taps);
    const centre = (rc.length - 1) / 2;
    expect(rc[centre]).toBeCloseTo(1, 6);
    for (let m = 1; m <= 6; m++) {
      expect(Math.abs(rc[centre + m * sps])).toBeLessThan(2e-3);
      expect(Math.abs(rc[centre - m * sps])).toBeLessThan(2e-3);
    }
    // half-way between symbols the pulse is clearly non-zero (it is not a trivial delta)
    expect(Math.abs(rc[centre + sps / 2])).toBeGreaterThan(0.5);
  });

  it('rejects a roll-off outside (0, 1]', () => {
    expect(() => rootRaisedCosineTaps(0, 8, 4)).toThrow(RangeError);
  });
});

describe('gaussianFrequencyPulse', () => {
  it('integrates to one symbol of full deviation and is wider than a symbol for BT 0.35', () => {
    const sps = 8;
    const pulse = gaussianFrequencyPulse(0.35, sps);
    let sum = 0;
    for (const v of pulse) sum += v;
    expect(sum).toBeCloseTo(sps, 9);
    // a run of +1 symbols reaches exactly +1 in the middle
    const run = upsampleAndFilter(new Float64Array(12).fill(1), sps, pulse);
    expect(run[Math.floor(run.length / 2)]).toBeCloseTo(1, 6);
    // an isolated symbol does not reach full deviation (ISI from the Gaussian filter)
    const single = upsampleAndFilter(Float64Array.from([1]), sps, pulse);
    expect(Math.max(...single)).toBeLessThan(0.95);
    expect(Math.max(...single)).toBeGreaterThan(0.6);
  });
});

describe('convolve / upsampleAndFilter', () => {
  it('agree with a zero-stuffed convolution', () => {
    const symbols = [1, -2, 0.5];
    const taps = [0.25, 0.5, 1, 0.5];
    const stuffed = [1, 0, 0, -2, 0, 0, 0.5];
    const expected = Array.from(convolve(stuffed, taps)).slice(0, (symbols.length - 1) * 3 + taps.length);
    expect(Array.from(upsampleAndFilter(symbols, 3, taps))).toEqual(expected);
    expect(Array.from(convolve([1, 2], [3, 4]))).toEqual([3, 10, 8]);
  });
});
