import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { ScoreTally, scoreLogits } from '../../../../../src/main/engine/ml/train/logit-scores.ts';

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
});

describe('scores from logits', () => {
  it("match TF.js's summed softmax cross-entropy and argMax hits", () => {
    let s = 7;
    const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 40 - 20;
    const rows = 50;
    const classes = 11;
    const logits = Float32Array.from({ length: rows * classes }, next);
    // a tie: TF.js's argMax takes the first of equal largest logits
    logits.fill(30, 0, 2);
    const labels = Int32Array.from({ length: rows }, (_, r) => (r * 7) % classes);
    labels[0] = 1;
    const { lossSum, hits } = scoreLogits(logits, labels, classes);
    const [refLoss, refHits] = tf.tidy(() => {
      const l = tf.tensor2d(logits, [rows, classes]);
      const y = tf.tensor1d(labels, 'int32');
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(y, classes), l, undefined, undefined, tf.Reduction.SUM);
      const h = tf.sum(tf.cast(tf.equal(tf.argMax(l, -1), y), 'float32'));
      return [loss.dataSync()[0]!, h.dataSync()[0]!];
    });
    expect(hits).toBe(refHits);
    expect(hits).toBeGreaterThan(0);
    expect(Math.abs(lossSum - refLoss)).toBeLessThan(1e-5 * refLoss);
  });

  it('tallies means over batches, NaN when empty', () => {
    const tally = new ScoreTally(2);
    expect(Number.isNaN(tally.result().loss)).toBe(true);
    tally.add(Float32Array.of(0, 0), Int32Array.of(0));
    tally.add(Float32Array.of(5, 0, 0, 5), Int32Array.of(0, 0));
    const { loss, accuracy } = tally.result();
    // the tied first row counts as class 0, like the first-largest rule above
    expect(accuracy).toBeCloseTo(2 / 3, 12);
    const expected = (Math.log(2) + Math.log(1 + Math.exp(-5)) + Math.log(1 + Math.exp(5))) / 3;
    expect(loss).toBeCloseTo(expected, 6);
  });
});
