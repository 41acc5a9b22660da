// The trainer's augmentation hook for a spec: partners come from a bank read once from the
// training data (all of it up to the memory budget), batches are augmented online.
import type { AugmentSpec } from '../../../../shared/augment.ts';
import { deriveSeed } from '../../base/random.ts';
import type { DataSource } from '../train/data.ts';
import type { Augment } from '../train/trainer.ts';
import { Augmenter } from './augmenter.ts';
import { collectBank } from './bank-from-source.ts';
import type { EnergyConvention } from './energy.ts';
import { OnlineAugmentation, type OnlineTally } from './online.ts';

/** Partner signals held for online mixing: 256 MB holds 262,144 RML2016 vectors or 32,768 of RML2018. */
export const defaultBankBytes = 256 * 2 ** 20;

export interface TrainingAugmentation {
  augment: Augment;
  tally: OnlineTally;
  /** what the run records: the bank's size against the training set's, and the energy convention */
  record: { bankSignals: number; trainingSignals: number; convention: EnergyConvention };
}

export function trainingAugmentation(spec: AugmentSpec, train: DataSource, seed: number, bankBytes = defaultBankBytes): TrainingAugmentation {
  const { bank, of } = collectBank(train, bankBytes, deriveSeed(seed, 'augment-bank'));
  const augmenter = new Augmenter(bank, spec);
  const online = new OnlineAugmentation(augmenter, spec.probability);
  return {
    augment: (x, y, rng, snr) => online.apply({ x, y, snr }, rng),
    tally: online.tally,
    record: { bankSignals: bank.count, trainingSignals: of, convention: augmenter.convention },
  };
}
