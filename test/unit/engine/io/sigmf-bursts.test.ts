import { describe, expect, it } from 'vitest';
import { welchPsd } from '../../../../src/main/engine/dsp/psd.ts';
import { keepWindow, overlapPartners, type AnnotatedSpan } from '../../../../src/main/engine/io/annotation-overlaps.ts';
import { burstReader, burstSourceOffset, planBurst } from '../../../../src/main/engine/io/sigmf-bursts.ts';

const fs = 1e6;

/** A recording reader over a tone at `offsetHz` (complex exponential), as [2][count] blocks. */
function toneRecording(offsetHz: number) {
  return async (start: number, count: number) => {
    const out = new Float32Array(2 * count);
    for (let k = 0; k < count; k++) {
      const phase = (2 * Math.PI * offsetHz * (start + k)) / fs;
      out[k] = Math.cos(phase);
      out[count + k] = Math.sin(phase);
    }
    return out;
  };
}

function peak(x: Float32Array, n: number, rate: number): { freq: number; bin: number } {
  const s = welchPsd(x.subarray(0, n), x.subarray(n), { nfft: 256, sampleRateHz: rate });
  let best = 0;
  for (let k = 1; k < s.psd.length; k++) if (s.psd[k]! > s.psd[best]!) best = k;
  return { freq: s.freqHz[best]!, bin: s.binWidthHz };
}

const processing = { baseband: true, lowpass: false, rolloff: 0.35 };

describe('SigMF bursts', () => {
  it('moves a burst annotated −250 kHz from the centre to 0 Hz (within one bin)', async () => {
    const band = { sampleRate: fs, centreFrequency: 2.4e9, lowerEdge: 2.4e9 - 300e3, upperEdge: 2.4e9 - 200e3 };
    const b = planBurst(1000, 4096, band, processing);
    expect(b.shift).toBeCloseTo(-0.25, 12);
    const before = await toneRecording(-250e3)(1000, 4096);
    expect(peak(before, 4096, fs).freq).toBeCloseTo(-250e3, -4);
    const after = await burstReader(toneRecording(-250e3), b)(0, 4096);
    const p = peak(after, 4096, fs);
    expect(Math.abs(p.freq)).toBeLessThanOrEqual(p.bin);
  });

  it('leaves a burst without frequency edges where it is', () => {
    expect(planBurst(0, 100, { sampleRate: fs, centreFrequency: 1e9, lowerEdge: null, upperEdge: null }, processing)).toMatchObject({ shift: 0, resample: null, outputLength: 100 });
  });

  it('resamples to the asked samples per symbol from the annotated bandwidth, and low-passes to the band', async () => {
    // 100 kHz wide at roll-off 0.25: 80 kBd; 8 samples/symbol: 640 kHz from 1 MHz
    const band = { sampleRate: fs, centreFrequency: 0, lowerEdge: 100e3, upperEdge: 200e3 };
    const b = planBurst(0, 10_000, band, { baseband: true, lowpass: true, samplesPerSymbol: 8, rolloff: 0.25 });
    expect(b.resample!.ratio).toBeCloseTo(0.64, 12);
    expect(b.outputLength).toBe(6400);
    expect(b.outputRate).toBeCloseTo(640e3, 6);
    expect(b.resample!.cutoff).toBeCloseTo((1.1 * 100e3) / 2 / fs, 12);
    expect(burstSourceOffset(b, 640)).toBe(1000);
    // an interferer 200 kHz from the burst's centre is filtered out, the burst itself kept
    const mix = async (start: number, count: number) => {
      const a = await toneRecording(150e3 + 10e3)(start, count);
      const c = await toneRecording(350e3)(start, count);
      return a.map((v, k) => v + c[k]!);
    };
    const out = await burstReader(mix, b)(1000, 2048);
    const p = peak(out, 2048, b.outputRate!);
    expect(Math.abs(p.freq - 10e3)).toBeLessThanOrEqual(p.bin);
    let power = 0;
    for (let k = 0; k < 2048; k++) power += out[k]! ** 2 + out[2048 + k]! ** 2;
    expect(power / 2048).toBeCloseTo(1, 1);
  });

  it('reads nothing from outside the annotation', async () => {
    const b = planBurst(500, 100, { sampleRate: fs, centreFrequency: 0, lowerEdge: null, upperEdge: null }, processing);
    const out = await burstReader(toneRecording(0), b)(90, 20);
    expect(Array.from(out.subarray(0, 10))).toEqual(new Array(10).fill(1));
    expect(Array.from(out.subarray(10, 20))).toEqual(new Array(10).fill(0));
  });
});

describe('overlapping annotations', () => {
  const span = (start: number, end: number, power: number, band: [number, number] | null = null, filtered = false): AnnotatedSpan => ({
    start, end, power, lower: band?.[0] ?? null, upper: band?.[1] ?? null, filtered,
  });

  it('pairs annotations sharing time, unless each is filtered to its own disjoint band', () => {
    const spans = [span(0, 1000, 1), span(800, 2000, 4), span(3000, 4000, 1)];
    expect(overlapPartners(spans)).toEqual([[1], [0], []]);
    const apart = [span(0, 1000, 1, [0, 10e3], true), span(500, 1500, 1, [20e3, 30e3], true)];
    expect(overlapPartners(apart)).toEqual([[], []]);
    const sameBand = [span(0, 1000, 1, [0, 10e3], true), span(500, 1500, 1, [5e3, 30e3], true)];
    expect(overlapPartners(sameBand)).toEqual([[1], [0]]);
  });

  it('skips, keeps for the stronger signal, or keeps every overlapped window', () => {
    const spans = [span(0, 1000, 1), span(800, 2000, 4)];
    const partners = overlapPartners(spans);
    expect(keepWindow(spans, partners, 0, 0, 128, 'skip')).toEqual({ keep: true, overlapped: false });
    expect(keepWindow(spans, partners, 0, 768, 896, 'skip')).toEqual({ keep: false, overlapped: true });
    expect(keepWindow(spans, partners, 0, 768, 896, 'stronger')).toEqual({ keep: false, overlapped: true });
    expect(keepWindow(spans, partners, 1, 800, 928, 'stronger')).toEqual({ keep: true, overlapped: true });
    expect(keepWindow(spans, partners, 0, 768, 896, 'keep')).toEqual({ keep: true, overlapped: true });
  });
});
