// One augmented signal from a bank signal: mixing with partners (when the spec mixes), then the
// classic RF augmentations (when it lists any). Shared by the online hook, the derived-dataset
// job and the preview, so all three make the same signal from the same seed.
import type { AugmentSpec } from '../../../../shared/augment.ts';
import type { Rng } from '../../base/random.ts';
import { detectEnergyConvention, type EnergyConvention } from './energy.ts';
import { Mixer, type MixOutcome } from './mixer.ts';
import { applyRf, type RfOutcome } from './rf.ts';
import { signalAt, type SignalBank } from './signal-bank.ts';

export interface AugmentOutcome {
  /** [2][length] */
  signal: Float32Array;
  /** dB; changed only by AWGN; NaN when unknown */
  snr: number;
  mix: MixOutcome | null;
  rf: RfOutcome['drawn'] | null;
}

export interface AugmenterOptions {
  /** default: detected from the bank */
  convention?: EnergyConvention;
  /** measure every mix's DTW distance, also where the method does not need it */
  measure?: boolean;
}

export class Augmenter {
  readonly convention: EnergyConvention;
  readonly mixer: Mixer | null;

  constructor(
    readonly bank: SignalBank,
    readonly spec: AugmentSpec,
    options: AugmenterOptions = {},
  ) {
    this.convention = options.convention ?? detectEnergyConvention(bank.x, bank.count, bank.length);
    this.mixer = spec.mix ? new Mixer(bank, spec.mix, this.convention, { measure: options.measure }) : null;
  }

  /** A new signal from bank signal k; null when it can only be mixed and has no partner. */
  augment(k: number, rng: Rng): AugmentOutcome | null {
    const mix = this.mixer ? this.mixer.mix(k, rng) : null;
    if (this.mixer && !mix && !this.spec.rf) return null;
    const base = mix?.signal ?? signalAt(this.bank, k);
    const snr = this.bank.snr[k]!;
    if (!this.spec.rf) return { signal: mix!.signal, snr, mix, rf: null };
    const rf = applyRf(base, this.bank.length, snr, this.spec.rf, this.convention, rng);
    return { signal: rf.signal, snr: rf.snr, mix, rf: rf.drawn };
  }
}
