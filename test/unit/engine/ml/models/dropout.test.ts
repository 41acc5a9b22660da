import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropoutMask, dropoutMaskTensor } from '../../../../../src/main/engine/ml/models/dropout-mask.ts';
import { SeededDropout } from '../../../../../src/main/engine/ml/models/layers.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { createRng, createRngFromState } from '../../../../../src/main/engine/base/random.ts';
import { onBothBackends, useWasm } from '../kernels/compare.ts';

describe('dropoutMask', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    expect(dropoutMask(5000, 0.5, 42)).toEqual(dropoutMask(5000, 0.5, 42));
    const a = dropoutMask(5000, 0.5, 42);
    const b = dropoutMask(5000, 0.5, 43);
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    // independent masks agree on about half the units at rate 0.5
    expect(same / a.length).toBeGreaterThan(0.45);
    expect(same / a.length).toBeLessThan(0.55);
  });

  it.each([0.1, 0.5, 0.8])('keeps a fraction 1 - %f of units, scaled by 1/(1 - rate)', (rate) => {
    const n = 200_000;
    const mask = dropoutMask(n, rate, 7);
    const scale = Math.fround(1 / (1 - rate));
    let kept = 0;
    let other = 0;
    for (const v of mask) {
      if (v === scale) kept++;
      else if (v !== 0) other++;
    }
    expect(other).toBe(0);
    // 5 standard deviations of a binomial proportion
    const sd = Math.sqrt((rate * (1 - rate)) / n);
    expect(Math.abs(kept / n - (1 - rate))).toBeLessThan(5 * sd);
  });

  it('draws units independently of their neighbours', () => {
    const mask = dropoutMask(100_000, 0.5, 11);
    let bothKept = 0;
    for (let i = 1; i < mask.length; i++) if (mask[i] !== 0 && mask[i - 1] !== 0) bothKept++;
    expect(Math.abs(bothKept / (mask.length - 1) - 0.25)).toBeLessThan(0.01);
  });

  it('keeps unit i where the i-th 32-bit draw of a generator started from the seed\'s first four draws is below (1 - rate)·2³²', () => {
    for (const [rate, seed] of [[0.5, 3], [0.3, 99], [0.9, 12345]] as const) {
      const init = createRng(seed);
      const rng = createRngFromState([init.nextUint32(), init.nextUint32(), init.nextUint32(), init.nextUint32()]);
      const scale = Math.fround(1 / (1 - rate));
      const expected = Float32Array.from({ length: 3001 }, () => (rng.nextUint32() < (1 - rate) * 2 ** 32 ? scale : 0));
      expect(dropoutMask(3001, rate, seed)).toEqual(expected);
    }
  });

  it('is drawn on wasm straight into the backend\'s memory, bit for bit the same mask', async () => {
    await useWasm();
    expect(tf.getKernel('AmrDropoutMask', 'wasm')).toBeDefined();
    for (const [size, rate, seed] of [[1, 0.5, 1], [4099, 0.5, 42], [10_000, 0.3, 7], [257, 0, 5], [2048, 0.999, 8]] as const) {
      const before = tf.memory().numTensors;
      const mask = dropoutMaskTensor([size], rate, seed);
      expect(mask.dataSync()).toEqual(dropoutMask(size, rate, seed));
      mask.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('keeps everything at rate 0 and rejects rates outside [0, 1)', () => {
    expect(Array.from(dropoutMask(10, 0, 1))).toEqual(new Array(10).fill(1));
    expect(() => dropoutMask(10, 1, 1)).toThrow(/rate/);
    expect(() => dropoutMask(10, -0.1, 1)).toThrow(/rate/);
    expect(() => dropoutMask(-1, 0.5, 1)).toThrow(/size/);
  });
});

describe('SeededDropout', () => {
  beforeAll(useWasm);
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  const shape = [4, 6, 5];
  const size = 4 * 6 * 5;
  const input = () => tf.tensor(Float32Array.from({ length: size }, (_, i) => 0.5 + ((i * 37) % 11) / 10), shape);

  it('multiplies by the mask of its seed and call count, and passes through outside training', () => {
    const layer = new SeededDropout({ name: 'drop', rate: 0.3, seed: 5 });
    tf.tidy(() => {
      const x = input();
      const first = (layer.apply(x, { training: true }) as tf.Tensor).dataSync();
      const second = (layer.apply(x, { training: true }) as tf.Tensor).dataSync();
      const xs = x.dataSync();
      const masks = [1, 2].map((call) => dropoutMask(size, 0.3, SeededDropout.maskSeed(5, call)));
      for (let i = 0; i < size; i++) {
        expect(first[i]).toBeCloseTo(xs[i]! * masks[0]![i]!, 5);
        expect(second[i]).toBeCloseTo(xs[i]! * masks[1]![i]!, 5);
      }
      expect(Array.from(first)).not.toEqual(Array.from(second));
      expect(Array.from((layer.apply(x, { training: false }) as tf.Tensor).dataSync())).toEqual(Array.from(xs));
    });
  });

  it('keeps every mask tensor intact when later masks are drawn, on wasm and cpu', async () => {
    const { wasm, cpu } = await onBothBackends(() => {
      const first = dropoutMaskTensor([3, 50], 0.5, 1);
      const second = dropoutMaskTensor([3, 50], 0.5, 2);
      const larger = dropoutMaskTensor([7, 50], 0.2, 3);
      return [first, second, larger];
    });
    const expected = [dropoutMask(150, 0.5, 1), dropoutMask(150, 0.5, 2), dropoutMask(350, 0.2, 3)].map((m) => Float32Array.from(m));
    expect(wasm).toEqual(expected);
    expect(cpu).toEqual(expected);
  });

  it('repeats its sequence of masks when rebuilt with the same seed', () => {
    const run = () => {
      const layer = new SeededDropout({ name: 'drop', rate: 0.5, seed: 9 });
      return tf.tidy(() => [1, 2, 3].map(() => Array.from((layer.apply(input(), { training: true }) as tf.Tensor).dataSync())));
    };
    expect(run()).toEqual(run());
  });

  it('has gradient dy · mask on wasm and cpu, matching finite differences', async () => {
    const weights = Float32Array.from({ length: size }, (_, i) => Math.sin(i + 1));
    // A fresh layer per backend, so both draw the mask of call 1.
    const { wasm, cpu } = await onBothBackends(() => {
      const layer = new SeededDropout({ name: 'drop', rate: 0.4, seed: 3 });
      const w = tf.tensor(weights, shape);
      return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, w)))(input());
    });
    const mask = dropoutMask(size, 0.4, SeededDropout.maskSeed(3, 1));
    const x0 = Array.from(input().dataSync());
    const h = 1e-2;
    for (let i = 0; i < size; i++) {
      // the loss is linear in x for a fixed mask: a central difference is exact up to rounding
      const lossAt = (xi: number) => weights[i]! * xi * mask[i]!;
      const numeric = (lossAt(x0[i]! + h) - lossAt(x0[i]! - h)) / (2 * h);
      expect(wasm[0]![i]).toBeCloseTo(weights[i]! * mask[i]!, 5);
      expect(cpu[0]![i]).toBeCloseTo(wasm[0]![i]!, 6);
      expect(wasm[0]![i]).toBeCloseTo(numeric, 3);
    }
  });
});
