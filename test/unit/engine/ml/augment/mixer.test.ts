import { describe, expect, it } from 'vitest';
import { resolveAugmentSpec, type MixSpec, type MixSpecInput } from '../../../../../src/shared/augment.ts';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { dtwDistance } from '../../../../../src/main/engine/dsp/dtw.ts';
import { detectEnergyConvention, energyOf } from '../../../../../src/main/engine/ml/augment/energy.ts';
import { Mixer } from '../../../../../src/main/engine/ml/augment/mixer.ts';
import { copySegment, exchangeSegments } from '../../../../../src/main/engine/ml/augment/segment-exchange.ts';
import { signalAt, type SignalBank } from '../../../../../src/main/engine/ml/augment/signal-bank.ts';
import { SegmentSimilarity } from '../../../../../src/main/engine/ml/augment/similarity.ts';
import { generatedBank } from './bank.ts';

function mixSpec(partial: MixSpecInput): MixSpec {
  return resolveAugmentSpec({ mix: partial }).mix!;
}

const bank = generatedBank();
const powerBank = generatedBank({ normalisation: 'unit-power', seed: 2 });

describe('segment exchange', () => {
  it('swaps exactly the chosen samples on both rails and leaves every other sample and the parents alone', () => {
    const length = bank.length;
    const a = signalAt(bank, 0);
    const b = signalAt(bank, 3);
    const before = [Float32Array.from(a), Float32Array.from(b)];
    const segment = { start: 10, width: 32 };
    const { first, second } = exchangeSegments(a, b, length, segment);
    for (let rail = 0; rail < 2; rail++) {
      for (let n = 0; n < length; n++) {
        const k = rail * length + n;
        const inside = n >= 10 && n < 42;
        expect(first[k]).toBe(inside ? b[k] : a[k]);
        expect(second[k]).toBe(inside ? a[k] : b[k]);
      }
    }
    expect(a).toEqual(before[0]);
    expect(b).toEqual(before[1]);
    expect(() => copySegment(Float32Array.from(a), b, length, { start: 40, width: 32 })).toThrow(/does not fit/);
  });

  it('RM: the partner is of the same class (both children keep the label) and the result is the original with the partner’s segment, rescaled onto Σ|x| = 1', () => {
    const mixer = new Mixer(bank, mixSpec({ method: 'rm' }), 'l1');
    const rng = createRng(5);
    for (let k = 0; k < bank.count; k += 5) {
      const out = mixer.mix(k, rng)!;
      const [step] = out.steps;
      expect(out.steps).toHaveLength(1);
      expect(bank.y[step!.partner]).toBe(bank.y[k]);
      expect(step!.partner).not.toBe(k);
      const { start, width } = step!.segment!;
      expect(width).toBe(32);
      const raw = Float32Array.from(signalAt(bank, k));
      copySegment(raw, signalAt(bank, step!.partner), bank.length, step!.segment!);
      const scale = 1 / energyOf(raw, 0, bank.length, 'l1');
      for (let n = 0; n < 2 * bank.length; n++) expect(out.signal[n]).toBeCloseTo(raw[n]! * scale, 6);
      expect(energyOf(out.signal, 0, bank.length, 'l1')).toBeCloseTo(1, 5);
      expect(start + width).toBeLessThanOrEqual(bank.length);
    }
  });
});

describe('energy convention', () => {
  it('is detected from the data: Σ|x| = 1 for RML2016-style vectors, power otherwise', () => {
    expect(detectEnergyConvention(bank.x, bank.count, bank.length)).toBe('l1');
    expect(detectEnergyConvention(powerBank.x, powerBank.count, powerBank.length)).toBe('power');
  });

  it.each(['rm', 'msm', 'theta', 'nrm'] as const)('%s by segment exchange and by blend keeps the class and lands on the convention (Σ|x| = 1, or mean |x|² = 1)', (method) => {
    for (const [b, convention] of [
      [bank, 'l1'],
      [powerBank, 'power'],
    ] as const) {
      for (const operator of [{ kind: 'exchange' as const }, { kind: 'blend' as const }]) {
        const mixer = new Mixer(b, mixSpec({ method, operator, pool: 8 }), convention);
        const rng = createRng(11);
        for (let k = 0; k < b.count; k += 7) {
          const out = mixer.mix(k, rng)!;
          for (const step of out.steps) expect(b.y[step.partner]).toBe(b.y[k]);
          expect(energyOf(out.signal, 0, b.length, convention)).toBeCloseTo(1, 4);
          if (operator.kind === 'blend') expect(out.steps[0]!.lambda).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it('a blend of partners with different power keeps their weighted power where no convention fixes it', () => {
    // power convention, levels 1 and 4: λ·1 + (1 − λ)·4
    const length = 16;
    const x = new Float32Array(2 * 2 * length);
    for (let n = 0; n < length; n++) {
      x[n] = Math.cos(n);
      x[length + n] = Math.sin(n);
      x[2 * length + n] = 2 * Math.cos(n + 1);
      x[3 * length + n] = 2 * Math.sin(n + 1);
    }
    const pair: SignalBank = { x, y: Int32Array.from([0, 0]), snr: Float32Array.from([5, 5]), length, count: 2 };
    const out = new Mixer(pair, mixSpec({ method: 'rm', operator: { kind: 'blend', lambda: { kind: 'uniform', low: 0.3, high: 0.3 } } }), 'power').mix(0, createRng(1))!;
    expect(out.steps[0]!.lambda).toBeCloseTo(0.3, 12);
    expect(energyOf(out.signal, 0, length, 'power')).toBeCloseTo(0.3 * 1 + 0.7 * 4, 4);
  });
});

describe('partner choice', () => {
  it('never takes a partner from another class, nor from another SNR while the restriction is on', () => {
    for (const sameSnr of [true, false]) {
      for (const method of ['rm', 'msm', 'theta', 'nrm'] as const) {
        const mixer = new Mixer(bank, mixSpec({ method, sameSnr, pool: 6 }), 'l1');
        const rng = createRng(3);
        let otherSnr = 0;
        for (let k = 0; k < bank.count; k++) {
          const out = mixer.mix(k, rng)!;
          for (const p of [...out.steps.map((s) => s.partner), ...out.candidates]) {
            expect(bank.y[p]).toBe(bank.y[k]);
            expect(p).not.toBe(k);
            if (bank.snr[p] !== bank.snr[k]) otherSnr++;
          }
        }
        if (sameSnr) expect(otherSnr).toBe(0);
        else expect(otherSnr).toBeGreaterThan(0);
      }
    }
  });

  it('a signal without a partner is not mixed', () => {
    const lonely: SignalBank = { ...bank, y: Int32Array.from(bank.y, (c, k) => (k === 0 ? 2 : c === 2 ? 1 : c)) };
    expect(new Mixer(lonely, mixSpec({ method: 'rm' }), 'l1').mix(0, createRng(1))).toBeNull();
  });

  it('MSM picks the true minimum of the banded DTW distance over its pool and the segment starts', () => {
    const spec = mixSpec({ method: 'msm', pool: 10, band: 0.1, sameSnr: false });
    const mixer = new Mixer(bank, spec, 'l1');
    const similarity = new SegmentSimilarity(bank.length, spec.band);
    const rng = createRng(8);
    for (const k of [0, 13, 40, 71]) {
      const out = mixer.mix(k, rng)!;
      expect(out.candidates).toHaveLength(10);
      expect(new Set(out.candidates).size).toBe(10);
      const step = out.steps[0]!;
      let best = Number.POSITIVE_INFINITY;
      for (const c of out.candidates) {
        for (const start of mixer.segmentStarts()) {
          const segment = { start, width: 32 };
          // the same relative distance, straight from the unpruned DTW
          const d = dtwDistance(
            { i: signalAt(bank, k).subarray(start, start + 32), q: signalAt(bank, k).subarray(64 + start, 64 + start + 32) },
            { i: signalAt(bank, c).subarray(start, start + 32), q: signalAt(bank, c).subarray(64 + start, 64 + start + 32) },
            { radius: 3 },
          );
          const relative = d / (energy(k, segment) + energy(c, segment));
          best = Math.min(best, relative);
        }
      }
      expect(step.distance).toBeCloseTo(best, 9);
      expect(similarity.distance(signalAt(bank, k), signalAt(bank, step.partner), step.segment!)).toBeCloseTo(best, 9);
    }
    expect(mixer.segmentStarts()).toEqual([0, 8, 16, 24, 32]);

    function energy(k: number, segment: { start: number; width: number }): number {
      let e = 0;
      const s = signalAt(bank, k);
      for (let n = segment.start; n < segment.start + segment.width; n++) e += s[n]! ** 2 + s[64 + n]! ** 2;
      return e;
    }
  });

  it('θ-SM accepts the first partner under θ, draws no more than the patience, and otherwise takes the best seen', () => {
    const similarity = new SegmentSimilarity(bank.length, 0.1);
    const distanceOf = (k: number, p: number, segment: { start: number; width: number }): number => similarity.distance(signalAt(bank, k), signalAt(bank, p), segment);
    // θ above any distance: the first draw is taken
    const lax = new Mixer(bank, mixSpec({ method: 'theta', theta: 10, patience: 5 }), 'l1');
    // θ below any distance: all five are drawn and the most alike kept
    const strict = new Mixer(bank, mixSpec({ method: 'theta', theta: 1e-9, patience: 5 }), 'l1');
    const rng = createRng(4);
    for (let k = 0; k < bank.count; k += 9) {
      expect(lax.mix(k, rng)!.candidates).toHaveLength(1);
      const out = strict.mix(k, rng)!;
      expect(out.candidates).toHaveLength(5);
      const chosen = out.steps[0]!;
      expect(chosen.distance).toBeCloseTo(distanceOf(k, chosen.partner, chosen.segment!), 12);
      expect(chosen.distance).toBeGreaterThan(1e-9);
    }
    // a θ between: every partner drawn before the accepted one was at or above θ
    const middle = new Mixer(bank, mixSpec({ method: 'theta', theta: 0.75, patience: 5 }), 'l1', { measure: true });
    let accepted = 0;
    for (let k = 0; k < bank.count; k++) {
      const out = middle.mix(k, createRng(100 + k))!;
      const chosen = out.steps[0]!;
      if (chosen.distance! < 0.75) {
        accepted++;
        expect(out.candidates.at(-1)).toBe(chosen.partner);
      } else {
        expect(out.candidates).toHaveLength(5);
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(bank.count);
  });

  it('n-RM makes n exchanges from n distinct partners, one after the other into the same signal', () => {
    const mixer = new Mixer(bank, mixSpec({ method: 'nrm', times: 4 }), 'l1');
    const rng = createRng(6);
    for (let k = 0; k < bank.count; k += 11) {
      const out = mixer.mix(k, rng)!;
      expect(out.steps).toHaveLength(4);
      expect(new Set(out.steps.map((s) => s.partner)).size).toBe(4);
      const raw = Float32Array.from(signalAt(bank, k));
      for (const s of out.steps) copySegment(raw, signalAt(bank, s.partner), bank.length, s.segment!);
      const scale = 1 / energyOf(raw, 0, bank.length, 'l1');
      for (let n = 0; n < 2 * bank.length; n++) expect(out.signal[n]).toBeCloseTo(raw[n]! * scale, 6);
    }
  });

  it('the same seed gives the same bytes; another seed, other mixes', () => {
    for (const method of ['rm', 'msm', 'theta', 'nrm'] as const) {
      const run = (seed: number): Uint8Array => {
        const mixer = new Mixer(bank, mixSpec({ method, pool: 8 }), 'l1');
        const rng = createRng(seed);
        const parts = Array.from({ length: 12 }, (_, k) => mixer.mix(3 * k, rng)!.signal);
        return new Uint8Array(Float32Array.from(parts.flatMap((p) => [...p])).buffer);
      };
      expect(Buffer.from(run(1)).equals(Buffer.from(run(1)))).toBe(true);
      expect(Buffer.from(run(1)).equals(Buffer.from(run(2)))).toBe(false);
    }
  });
});
