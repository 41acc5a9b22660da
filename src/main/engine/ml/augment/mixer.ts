// Signal mixing (segment exchange between same-class signals): a new signal of a class from an original and one or more partners
// of the same class, chosen by the method:
//   RM    one random partner;
//   MSM   the partner in a random candidate pool, and for segment exchange the segment start,
//         whose segments are the most alike (least banded-DTW distance; exact within the pool,
//         the DTW abandons a pair as soon as it cannot beat the best so far);
//   θ-SM  random partners, up to the patience, the first under θ, else the most alike seen;
//   n-RM  n mixes from n distinct random partners, one after the other into the same signal.
// The result is put back on the dataset's energy convention (see energy.ts).
import type { MixSpec } from '../../../../shared/augment.ts';
import type { Rng } from '../../base/random.ts';
import { blendSignals, drawLambda } from './blend.ts';
import { energyOf, renormalise, type EnergyConvention } from './energy.ts';
import { PartnerGroups } from './partners.ts';
import { copySegment, segmentWidth, type Segment } from './segment-exchange.ts';
import { signalAt, type SignalBank } from './signal-bank.ts';
import { SegmentSimilarity } from './similarity.ts';

export interface MixStep {
  /** bank index of the partner */
  partner: number;
  /** exchange: the samples taken from the partner (the same start in both signals) */
  segment: Segment | null;
  /** blend: the weight the running signal kept, λ in λ·x + (1 − λ)·partner */
  lambda: number | null;
  /** relative DTW distance of the mixed parts (see similarity.ts); null when not measured */
  distance: number | null;
}

export interface MixOutcome {
  /** the new signal, [2][length] */
  signal: Float32Array;
  /** the mixes applied, in order (n for n-RM, one otherwise) */
  steps: MixStep[];
  /** MSM and θ-SM: the partners examined, in the order drawn */
  candidates: number[];
}

export interface MixerOptions {
  /** measure the distance of every step, also where the method does not need it (previews) */
  measure?: boolean;
}

export class Mixer {
  readonly groups: PartnerGroups;
  private readonly similarity: SegmentSimilarity;
  private readonly width: number;

  constructor(
    private readonly bank: SignalBank,
    readonly spec: MixSpec,
    readonly convention: EnergyConvention,
    private readonly options: MixerOptions = {},
  ) {
    this.groups = new PartnerGroups(bank, spec.sameSnr);
    this.similarity = new SegmentSimilarity(bank.length, spec.band);
    this.width = spec.operator.kind === 'exchange' ? segmentWidth(bank.length, spec.operator.proportion) : bank.length;
  }

  /** A new signal from bank signal k, or null when k has no partner. */
  mix(k: number, rng: Rng): MixOutcome | null {
    if (this.groups.partnerCount(k) === 0) return null;
    switch (this.spec.method) {
      case 'rm':
        return this.apply(k, [this.plainStep(k, this.groups.randomPartner(k, rng), rng)], []);
      case 'nrm': {
        const partners = this.groups.distinctPartners(k, this.spec.times, rng);
        return this.apply(k, partners.map((p) => this.plainStep(k, p, rng)), []);
      }
      case 'msm':
        return this.maximumSimilarity(k, rng);
      case 'theta':
        return this.thetaSimilarity(k, rng);
    }
  }

  /** Segment starts MSM tries: a grid from 0, plus the last possible start. */
  segmentStarts(): number[] {
    const last = this.bank.length - this.width;
    const step = this.spec.offsetStep > 0 ? this.spec.offsetStep : Math.max(1, Math.round(this.width / 4));
    const starts: number[] = [];
    for (let s = 0; s <= last; s += step) starts.push(s);
    if (starts.at(-1) !== last) starts.push(last);
    return starts;
  }

  private randomSegment(rng: Rng): Segment {
    return { start: rng.int(this.bank.length - this.width + 1), width: this.width };
  }

  /** A step with a random segment (exchange) or a drawn λ (blend). */
  private plainStep(k: number, partner: number, rng: Rng): MixStep {
    const segment = this.spec.operator.kind === 'exchange' ? this.randomSegment(rng) : { start: 0, width: this.width };
    const lambda = this.spec.operator.kind === 'blend' ? drawLambda(this.spec.operator.lambda, rng) : null;
    const distance = this.options.measure ? this.distance(k, partner, segment) : null;
    return { partner, segment: this.spec.operator.kind === 'exchange' ? segment : null, lambda, distance };
  }

  private distance(k: number, partner: number, segment: Segment, abandonAbove?: number): number {
    return this.similarity.distance(signalAt(this.bank, k), signalAt(this.bank, partner), segment, abandonAbove);
  }

  private maximumSimilarity(k: number, rng: Rng): MixOutcome {
    const candidates = this.groups.distinctPartners(k, this.spec.pool, rng);
    const starts = this.spec.operator.kind === 'exchange' ? this.segmentStarts() : [0];
    let best = Number.POSITIVE_INFINITY;
    let bestPartner = candidates[0]!;
    let bestStart = starts[0]!;
    for (const partner of candidates) {
      for (const start of starts) {
        const d = this.distance(k, partner, { start, width: this.width }, best);
        if (d < best) {
          best = d;
          bestPartner = partner;
          bestStart = start;
        }
      }
    }
    const lambda = this.spec.operator.kind === 'blend' ? drawLambda(this.spec.operator.lambda, rng) : null;
    const segment = this.spec.operator.kind === 'exchange' ? { start: bestStart, width: this.width } : null;
    return this.apply(k, [{ partner: bestPartner, segment, lambda, distance: best }], candidates);
  }

  private thetaSimilarity(k: number, rng: Rng): MixOutcome {
    const candidates: number[] = [];
    let chosen: MixStep | null = null;
    for (const partner of this.groups.distinctPartners(k, this.spec.patience, rng)) {
      candidates.push(partner);
      const step = this.plainStep(k, partner, rng);
      const segment = step.segment ?? { start: 0, width: this.width };
      step.distance = this.distance(k, partner, segment, chosen?.distance ?? Number.POSITIVE_INFINITY);
      if (chosen === null || step.distance < chosen.distance!) chosen = step;
      if (step.distance < this.spec.theta) break;
    }
    return this.apply(k, [chosen!], candidates);
  }

  /** Applies the steps to a copy of signal k and puts it back on the energy convention. */
  private apply(k: number, steps: MixStep[], candidates: number[]): MixOutcome {
    const { length } = this.bank;
    const measure = (x: Float32Array): number => energyOf(x, 0, length, this.convention);
    let signal: Float32Array = Float32Array.from(signalAt(this.bank, k));
    // the energy the parents carry, each in the share it gave
    let target = measure(signal);
    for (const step of steps) {
      const partner = signalAt(this.bank, step.partner);
      if (step.segment) {
        copySegment(signal, partner, length, step.segment);
        const share = step.segment.width / length;
        target = (1 - share) * target + share * measure(partner);
      } else {
        const lambda = step.lambda!;
        signal = blendSignals(signal, partner, lambda);
        target = lambda * target + (1 - lambda) * measure(partner);
      }
    }
    renormalise(signal, length, this.convention, target);
    return { signal, steps, candidates };
  }
}
