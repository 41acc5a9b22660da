// Physics of the clean modulations, observed through the generator with noise and impairments off.
import { describe, expect, it } from 'vitest';
import { synthesizeKey, type GeneratorConfig } from '../../../../../src/main/engine/dsp/synth/generate.ts';
import { awgnOnlyChannel } from '../../../../../src/main/engine/dsp/synth/channel.ts';
import { constellations } from '../../../../../src/main/engine/dsp/synth/constellations.ts';
import { linearModulator } from '../../../../../src/main/engine/dsp/synth/linear.ts';
import { ROLL_OFF, SAMPLE_RATE_HZ, SAMPLES_PER_SYMBOL } from '../../../../../src/main/engine/dsp/synth/baseband.ts';
import { convolve, rootRaisedCosineTaps } from '../../../../../src/main/engine/dsp/filters.ts';
import { welchPsd } from '../../../../../src/main/engine/dsp/psd.ts';
import { bandwidthAtLevel, occupiedBandwidth } from '../../../../../src/main/engine/dsp/bandwidth.ts';
import { instantaneousAmplitude, instantaneousFrequencyHz } from '../../../../../src/main/engine/dsp/instantaneous.ts';
import { createRng } from '../../../../../src/main/engine/base/random.ts';

const clean: GeneratorConfig = {
  preset: 'rml2016',
  snrs: [0],
  perKey: 8,
  length: 1024,
  seed: 31,
  channel: { ...awgnOnlyChannel, noise: false },
  normalisation: 'none',
};

function vectorsOf(className: string, config: GeneratorConfig = clean): Array<{ i: Float32Array; q: Float32Array }> {
  const data = synthesizeKey(config, className, config.snrs[0]);
  const L = config.length;
  return Array.from({ length: config.perKey }, (_, k) => ({ i: data.subarray(k * 2 * L, k * 2 * L + L), q: data.subarray(k * 2 * L + L, (k + 1) * 2 * L) }));
}

/** Matched filter, best symbol-timing phase, power normalised to the unit-power constellation. */
function symbolCentres(i: Float32Array, q: Float32Array): { re: number[]; im: number[] } {
  const sps = SAMPLES_PER_SYMBOL;
  const taps = rootRaisedCosineTaps(ROLL_OFF, sps, 16);
  const mi = convolve(i, taps);
  const mq = convolve(q, taps);
  // skip the filter's ramp-up and ramp-down
  const first = taps.length;
  const last = i.length - 1;
  let best = { phase: 0, energy: -1 };
  for (let phase = 0; phase < sps; phase++) {
    let e = 0;
    for (let n = first + phase; n < last; n += sps) e += mi[n] ** 2 + mq[n] ** 2;
    if (e > best.energy) best = { phase, energy: e };
  }
  const re: number[] = [];
  const im: number[] = [];
  for (let n = first + best.phase; n < last; n += sps) {
    re.push(mi[n]);
    im.push(mq[n]);
  }
  const p = re.reduce((s, v, k) => s + v * v + im[k] * im[k], 0) / re.length;
  return { re: re.map((v) => v / Math.sqrt(p)), im: im.map((v) => v / Math.sqrt(p)) };
}

function clusterOnQam16(snrDb: number): { worst: number; evm: number; hit: number } {
  const config: GeneratorConfig = { ...clean, snrs: [snrDb], channel: { ...awgnOnlyChannel } };
  const points = constellations.QAM16;
  let worst = 0;
  let errorPower = 0;
  let count = 0;
  const hit = new Set<number>();
  for (const v of vectorsOf('QAM16', config)) {
    const s = symbolCentres(v.i, v.q);
    for (let k = 0; k < s.re.length; k++) {
      let nearest = 0;
      let d2 = Infinity;
      for (let m = 0; m < 16; m++) {
        const d = (s.re[k] - points.re[m]) ** 2 + (s.im[k] - points.im[m]) ** 2;
        if (d < d2) {
          d2 = d;
          nearest = m;
        }
      }
      hit.add(nearest);
      worst = Math.max(worst, Math.sqrt(d2));
      errorPower += d2;
      count++;
    }
  }
  return { worst, evm: Math.sqrt(errorPower / count), hit: hit.size };
}

describe('QAM16 at symbol centres', () => {
  it('at 18 dB the matched-filtered symbols cluster tightly on all 16 ideal points', () => {
    const r = clusterOnQam16(18);
    expect(r.hit).toBe(16);
    // half the spacing between neighbouring points is 1/√10 ≈ 0.316
    expect(r.worst).toBeLessThan(0.2);
    // per-symbol SNR is 18 dB + 10·log10(8 samples/symbol) ≈ 27 dB → EVM ≈ 4.5 %
    expect(r.evm).toBeGreaterThan(0.02);
    expect(r.evm).toBeLessThan(0.07);
  });

  it('at −6 dB the same receiver no longer separates the points', () => {
    expect(clusterOnQam16(-6).worst).toBeGreaterThan(0.316);
  });
});

describe('occupied bandwidth of RRC-shaped PSK (roll-off 0.35, 8 samples/symbol)', () => {
  const symbolRateHz = SAMPLE_RATE_HZ / SAMPLES_PER_SYMBOL;
  const modulate = linearModulator(constellations.QPSK);
  const x = modulate(createRng(12), 131_072);
  const spectrum = welchPsd(x.re, x.im, { nfft: 1024, sampleRateHz: SAMPLE_RATE_HZ });

  /** 99 % band of the ideal raised-cosine power spectrum, by numerical integration. */
  function idealOccupied99(): number {
    const rc = (f: number) => {
      const a = Math.abs(f);
      if (a <= (1 - ROLL_OFF) / 2) return 1;
      if (a >= (1 + ROLL_OFF) / 2) return 0;
      return 0.5 * (1 + Math.cos((Math.PI / ROLL_OFF) * (a - (1 - ROLL_OFF) / 2)));
    };
    const df = 1e-5;
    let tail = 0;
    for (let f = (1 + ROLL_OFF) / 2; f > 0; f -= df) {
      tail += rc(f) * df;
      if (tail >= 0.005) return 2 * f;
    }
    return 0;
  }

  it('the spectrum is occupied over (1 + roll-off)·symbol rate (edges 30 dB down) within 10 %', () => {
    const band = bandwidthAtLevel(spectrum, 30);
    expect(Math.abs(band.bandwidthHz / ((1 + ROLL_OFF) * symbolRateHz) - 1)).toBeLessThan(0.1);
    expect(Math.abs(band.lowHz + band.highHz)).toBeLessThan(2 * spectrum.binWidthHz);
  });

  it('the 99 %-power bandwidth matches the raised-cosine value (≈ 1.17·Rs) within 3 %, inside (1 + α)·Rs', () => {
    const obw = occupiedBandwidth(spectrum, 0.99).bandwidthHz;
    expect(Math.abs(obw / (idealOccupied99() * symbolRateHz) - 1)).toBeLessThan(0.03);
    expect(obw).toBeLessThan((1 + ROLL_OFF) * symbolRateHz);
    expect(obw).toBeGreaterThan((1 - ROLL_OFF) * symbolRateHz);
  });
});

describe('continuous-phase and analog classes', () => {
  it('CPFSK (h = 0.5) has a constant envelope and steps ±fs/32 = ±6.25 kHz', () => {
    for (const v of vectorsOf('CPFSK')) {
      for (const a of instantaneousAmplitude(v.i, v.q)) expect(a).toBeCloseTo(1, 4);
      for (const f of instantaneousFrequencyHz(v.i, v.q, SAMPLE_RATE_HZ)) expect(Math.abs(Math.abs(f) - 6250)).toBeLessThan(5);
    }
  });

  it('GFSK has a constant envelope and a smooth frequency within ±0.1·fs/2π', () => {
    const limit = (0.1 * SAMPLE_RATE_HZ) / (2 * Math.PI);
    let largest = 0;
    for (const v of vectorsOf('GFSK')) {
      for (const a of instantaneousAmplitude(v.i, v.q)) expect(a).toBeCloseTo(1, 4);
      const f = instantaneousFrequencyHz(v.i, v.q, SAMPLE_RATE_HZ);
      for (let n = 0; n < f.length; n++) {
        largest = Math.max(largest, Math.abs(f[n]));
        if (n > 0) expect(Math.abs(f[n] - f[n - 1])).toBeLessThan(limit / 3);
      }
    }
    expect(largest).toBeLessThanOrEqual(limit + 1);
    expect(largest).toBeGreaterThan(0.9 * limit);
  });

  it('WBFM has a constant envelope and deviates by at most 75 kHz', () => {
    let largest = 0;
    for (const v of vectorsOf('WBFM')) {
      for (const a of instantaneousAmplitude(v.i, v.q)) expect(a).toBeCloseTo(1, 4);
      for (const f of instantaneousFrequencyHz(v.i, v.q, SAMPLE_RATE_HZ)) largest = Math.max(largest, Math.abs(f));
    }
    expect(largest).toBeLessThanOrEqual(75e3 + 1);
    expect(largest).toBeGreaterThan(5e3);
  });

  it('AM-DSB is a real envelope 1 + m·a(t) > 0 that carries a message', () => {
    for (const v of vectorsOf('AM-DSB')) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let n = 0; n < v.i.length; n++) {
        expect(v.q[n]).toBe(0);
        lo = Math.min(lo, v.i[n]);
        hi = Math.max(hi, v.i[n]);
      }
      expect(lo).toBeGreaterThanOrEqual(0.5 - 1e-6);
      expect(hi).toBeLessThanOrEqual(1.5 + 1e-6);
      expect(hi - lo).toBeGreaterThan(0.01);
    }
  });

  it('AM-SSB puts its power in the upper sideband only', () => {
    let upper = 0;
    let lower = 0;
    for (const v of vectorsOf('AM-SSB')) {
      // one 1024-point segment: 195 Hz bins resolve the low audio frequencies from DC
      const s = welchPsd(v.i, v.q, { nfft: 1024, sampleRateHz: SAMPLE_RATE_HZ });
      for (let k = 0; k < s.psd.length; k++) {
        if (s.freqHz[k] > 500) upper += s.psd[k];
        else if (s.freqHz[k] < -500) lower += s.psd[k];
      }
    }
    expect(lower / upper).toBeLessThan(0.01);
  });
});
