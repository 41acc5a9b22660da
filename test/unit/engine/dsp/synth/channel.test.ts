import { describe, expect, it } from 'vitest';
import { applyChannel, awgnOnlyChannel, channelInputLength, rmlChannel, type ChannelConfig } from '../../../../../src/main/engine/dsp/synth/channel.ts';
import { modulatorFor } from '../../../../../src/main/engine/dsp/synth/presets.ts';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { instantaneousFrequencyHz } from '../../../../../src/main/engine/dsp/instantaneous.ts';
import type { Baseband } from '../../../../../src/main/engine/dsp/synth/baseband.ts';

function power(x: Baseband): number {
  let p = 0;
  for (let n = 0; n < x.re.length; n++) p += x.re[n] ** 2 + x.im[n] ** 2;
  return p / x.re.length;
}

describe('applyChannel: SNR', () => {
  // measured from the parts: the noise is (noisy − clean), both over whole 128-sample vectors
  it.each([-20, -10, 0, 10, 18])('the per-sample SNR of 100 RML-channel vectors is within ±0.5 dB of %i dB', (snr) => {
    const rng = createRng(100 + snr);
    for (const className of ['QPSK', 'QAM64', 'GFSK', 'WBFM', 'AM-DSB']) {
      const modulate = modulatorFor('rml2016', className);
      let signal = 0;
      let noise = 0;
      for (let v = 0; v < 100; v++) {
        const y = applyChannel(modulate(rng, channelInputLength(128, rmlChannel)), 128, snr, rmlChannel, rng);
        signal += power(y.clean);
        noise += power({ re: y.re.map((v2, n) => v2 - y.clean.re[n]), im: y.im.map((v2, n) => v2 - y.clean.im[n]) });
      }
      expect(Math.abs(10 * Math.log10(signal / noise) - snr)).toBeLessThan(0.5);
    }
  });

  it('adds circular noise: equal power in I and Q, uncorrelated', () => {
    const rng = createRng(2);
    const zero: Baseband = { re: new Float64Array(20_000), im: new Float64Array(20_000) };
    zero.re.fill(1);
    const y = applyChannel(zero, 19_000, 0, awgnOnlyChannel, rng);
    let pi = 0;
    let pq = 0;
    let cross = 0;
    for (let n = 0; n < y.re.length; n++) {
      const ni = y.re[n] - 1;
      const nq = y.im[n];
      pi += ni * ni;
      pq += nq * nq;
      cross += ni * nq;
    }
    expect(pi / y.re.length).toBeCloseTo(0.5, 1);
    expect(pq / y.re.length).toBeCloseTo(0.5, 1);
    expect(Math.abs(cross / y.re.length)).toBeLessThan(0.02);
  });
});

describe('applyChannel: impairments', () => {
  it('without impairments and noise passes the input through unchanged (fixed latency)', () => {
    const rng = createRng(3);
    const input = modulatorFor('rml2016', 'QAM16')(rng, channelInputLength(128, awgnOnlyChannel));
    const y = applyChannel(input, 128, 10, { ...awgnOnlyChannel, noise: false }, rng);
    const latency = 8;
    for (let n = 0; n < 128; n++) {
      expect(y.re[n]).toBeCloseTo(input.re[n + latency], 12);
      expect(y.im[n]).toBeCloseTo(input.im[n + latency], 12);
    }
    expect(y.noisePower).toBe(0);
  });

  function fadingGains(fading: ChannelConfig['fading']): number[] {
    const rng = createRng(4);
    const config: ChannelConfig = { ...awgnOnlyChannel, fading, pathDelaysSamples: [0], pathMagnitudes: [1], noise: false };
    const modulate = modulatorFor('rml2016', 'CPFSK'); // constant envelope: received power = |g|²
    return Array.from({ length: 2000 }, () => applyChannel(modulate(rng, channelInputLength(128, config)), 128, 0, config, rng).signalPower);
  }

  it('Rayleigh fading: unit mean power gain and exponential power (P(|g|² < 0.1) = 1 − e^−0.1)', () => {
    const gains = fadingGains('rayleigh');
    const mean = gains.reduce((a, b) => a + b, 0) / gains.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.08);
    const deep = gains.filter((g) => g < 0.1).length / gains.length;
    expect(Math.abs(deep - (1 - Math.exp(-0.1)))).toBeLessThan(0.025);
  });

  it('Rician fading (K = 4): unit mean gain and far fewer deep fades than Rayleigh', () => {
    const gains = fadingGains('rician');
    const mean = gains.reduce((a, b) => a + b, 0) / gains.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.05);
    expect(gains.filter((g) => g < 0.1).length / gains.length).toBeLessThan(0.03);
  });

  it('the carrier offset stays within its bound', () => {
    const rng = createRng(5);
    const config: ChannelConfig = { ...awgnOnlyChannel, cfoStdHz: 40, cfoMaxHz: 2000, noise: false };
    const tone: Baseband = { re: new Float64Array(2000).fill(1), im: new Float64Array(2000) };
    let largest = 0;
    for (let v = 0; v < 20; v++) {
      const y = applyChannel(tone, 1024, 0, config, rng);
      for (const f of instantaneousFrequencyHz(y.re, y.im, config.sampleRateHz)) largest = Math.max(largest, Math.abs(f));
    }
    expect(largest).toBeLessThanOrEqual(2000 + 1e-6);
    expect(largest).toBeGreaterThan(500);
  });

  it('a sample-rate offset stretches time by 1 + sro/fs', () => {
    const rng = createRng(6);
    const sroHz = 2000; // a 1 % offset: a walk so old that it starts at its bound, then creeps by ~1 Hz steps
    const config: ChannelConfig = { ...awgnOnlyChannel, sroStdHz: 1, sroMaxHz: sroHz, walkSamplesBefore: [1e12, 1e12], noise: false };
    const ramp: Baseband = { re: Float64Array.from({ length: 1200 }, (_, n) => n), im: new Float64Array(1200) };
    const y = applyChannel(ramp, 1000, 0, config, rng);
    const slope = (y.re[900] - y.re[100]) / 800;
    expect(Math.abs(Math.abs(slope - 1) - sroHz / config.sampleRateHz)).toBeLessThan(1e-3);
  });

  it('refuses too short an input', () => {
    expect(() => applyChannel({ re: new Float64Array(10), im: new Float64Array(10) }, 128, 0, rmlChannel, createRng(1))).toThrow(RangeError);
  });
});
