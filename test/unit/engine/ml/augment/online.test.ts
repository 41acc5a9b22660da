import { describe, expect, it } from 'vitest';
import { resolveAugmentSpec } from '../../../../../src/shared/augment.ts';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { Augmenter } from '../../../../../src/main/engine/ml/augment/augmenter.ts';
import { collectBank } from '../../../../../src/main/engine/ml/augment/bank-from-source.ts';
import { OnlineAugmentation } from '../../../../../src/main/engine/ml/augment/online.ts';
import { arraySource } from '../../../../../src/main/engine/ml/train/data.ts';
import { generatedBank } from './bank.ts';

const bank = generatedBank();
const source = arraySource(bank.x, bank.y, bank.length, bank.snr);

function firstBatch(seed: number) {
  return source.batches(24, seed)[Symbol.iterator]().next().value!;
}

describe('online augmentation', () => {
  it('changes the batch from one epoch to the next, keeps its labels and size, and never writes into the data', () => {
    const stored = Float32Array.from(bank.x);
    const online = new OnlineAugmentation(new Augmenter(bank, resolveAugmentSpec({ mix: { method: 'rm' }, probability: 0.5 })), 0.5);
    const batch = firstBatch(1);
    const input = Float32Array.from(batch.x);
    const epoch1 = online.apply(batch, createRng(1));
    const epoch2 = online.apply(batch, createRng(2));
    expect(epoch1.y).toEqual(batch.y);
    expect(epoch1.x.length).toBe(batch.x.length);
    expect(epoch1.x).not.toEqual(epoch2.x);
    expect(epoch1.x).not.toEqual(batch.x);
    expect(batch.x).toEqual(input);
    expect(bank.x).toEqual(stored);
    // about half of each batch is replaced
    expect(online.tally.replaced).toBeGreaterThan(10);
    expect(online.tally.replaced).toBeLessThan(38);
    expect(online.tally.standIns).toBe(0);
  });

  it('replaces nothing at p = 0 and everything at p = 1, each from the sample itself when the bank holds it', () => {
    const spec = resolveAugmentSpec({ mix: { method: 'nrm', times: 2 } });
    const batch = firstBatch(3);
    const none = new OnlineAugmentation(new Augmenter(bank, spec), 0).apply(batch, createRng(1));
    expect(none.x).toEqual(batch.x);
    const every = new OnlineAugmentation(new Augmenter(bank, spec), 1);
    const out = every.apply(batch, createRng(1));
    expect(every.tally.replaced).toBe(24);
    const per = 2 * bank.length;
    for (let j = 0; j < 24; j++) expect(out.x.subarray(j * per, (j + 1) * per)).not.toEqual(batch.x.subarray(j * per, (j + 1) * per));
  });

  it('uses a stand-in of the same class and SNR for samples outside a partial bank', () => {
    const partial = collectBank(source, 20 * 2 * bank.length * 4, 5);
    expect(partial.bank.count).toBe(20);
    expect(partial.of).toBe(bank.count);
    const online = new OnlineAugmentation(new Augmenter(partial.bank, resolveAugmentSpec({ rf: { ops: ['phase'] } })), 1);
    online.apply(firstBatch(4), createRng(2));
    expect(online.tally.standIns).toBeGreaterThan(0);
    expect(online.tally.replaced).toBeGreaterThanOrEqual(online.tally.standIns);
  });

  it('collects the whole training set when it fits, and a seeded subset when it does not', () => {
    const whole = collectBank(source, 1 << 30, 1);
    expect(whole.bank.count).toBe(bank.count);
    expect(whole.bank.x).toEqual(bank.x);
    const a = collectBank(source, 10 * 2 * bank.length * 4, 7);
    const b = collectBank(source, 10 * 2 * bank.length * 4, 7);
    const c = collectBank(source, 10 * 2 * bank.length * 4, 8);
    expect(a.bank.x).toEqual(b.bank.x);
    expect(a.bank.x).not.toEqual(c.bank.x);
  });
});

describe('Augmenter', () => {
  it('mixes, then applies RF augmentations, from one seed: same seed, same bytes', () => {
    const spec = resolveAugmentSpec({ mix: { method: 'msm', pool: 6 }, rf: { ops: ['phase', 'awgn'] } });
    const make = (seed: number): Float32Array => {
      const augmenter = new Augmenter(bank, spec);
      const rng = createRng(seed);
      return Float32Array.from(Array.from({ length: 8 }, (_, k) => [...augmenter.augment(4 * k, rng)!.signal]).flat());
    };
    expect(make(3)).toEqual(make(3));
    expect(make(3)).not.toEqual(make(4));
    const one = new Augmenter(bank, spec).augment(0, createRng(1))!;
    expect(one.mix!.steps).toHaveLength(1);
    expect(one.rf!.phase).toBeDefined();
    expect(one.snr).toBeLessThanOrEqual(bank.snr[0]!);
  });
});
