import { describe, expect, it } from 'vitest';
import { bandwidthAtLevel, occupiedBandwidth } from '../../../../src/main/engine/dsp/bandwidth.ts';
import type { PowerSpectrum } from '../../../../src/main/engine/dsp/psd.ts';

function flatBand(bins: number, occupied: number): PowerSpectrum {
  const freqHz = Float64Array.from({ length: bins }, (_, k) => k - bins / 2);
  const psd = Float64Array.from(freqHz, (f) => (f >= -occupied / 2 && f < occupied / 2 ? 1 : 0));
  return { freqHz, psd, psdDb: psd.map((v) => 10 * Math.log10(Math.max(v, 1e-30))), binWidthHz: 1, segments: 1 };
}

describe('occupiedBandwidth', () => {
  it('of a flat band is 99 % of its width (0.5 % cut from each edge)', () => {
    const s = flatBand(256, 100);
    const band = occupiedBandwidth(s, 0.99);
    expect(band.bandwidthHz).toBeCloseTo(99, 6);
    // bins -50 … 49 cover -50.5 … 49.5 Hz
    expect(band.lowHz).toBeCloseTo(-50, 6);
    expect(band.highHz).toBeCloseTo(49, 6);
  });

  it('rejects fractions outside (0, 1)', () => {
    expect(() => occupiedBandwidth(flatBand(8, 4), 1)).toThrow(RangeError);
  });
});

describe('bandwidthAtLevel', () => {
  it('spans the bins within the level of the peak', () => {
    expect(bandwidthAtLevel(flatBand(256, 100), 30).bandwidthHz).toBe(100);
  });
});
