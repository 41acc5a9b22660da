import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBothBackends, tensorOf, useWasm } from './compare.ts';

describe('wasm Concat', () => {
  beforeAll(useWasm);

  const cases: Array<{ shapes: number[][]; axis: number }> = [
    // the GraphSAGE stack's join: rows of 64 and a narrower last part, along the last axis
    { shapes: [[3, 5, 64], [3, 5, 64], [3, 5, 8]], axis: -1 },
    { shapes: [[2, 3, 4], [2, 1, 4], [2, 5, 4]], axis: 1 },
    { shapes: [[2, 7], [3, 7]], axis: 0 },
    { shapes: [[4, 3], [4, 0], [4, 2]], axis: 1 },
    { shapes: [[2, 50], [2, 70]], axis: 1 },
  ];
  for (const c of cases) {
    it(`joins ${JSON.stringify(c.shapes)} along axis ${c.axis}: matches the cpu backend, float and int`, async () => {
      const { wasm, cpu } = await onBothBackends(() => {
        const parts = c.shapes.map((shape, i) => tensorOf(shape, 3 + i));
        return [tf.concat(parts, c.axis), tf.concat(parts.map((p) => tf.cast(tf.mul(p, 100), 'int32')), c.axis)];
      });
      const total = c.shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
      expect(wasm[0]!.length).toBe(total);
      expect(wasm).toEqual(cpu);
    });
  }

  it('joins booleans, and one non-empty input beside an empty one stays itself', async () => {
    const { wasm, cpu } = await onBothBackends(() => {
      const x = tensorOf([3, 4], 8);
      return [tf.concat([tf.greater(x, 0), tf.less(x, 0)], 1), tf.concat([x, tf.zeros([3, 0])], 1)];
    });
    expect(wasm).toEqual(cpu);
  });

  it('puts each input at its offset and leaks no tensor', () => {
    const before = tf.memory().numTensors;
    const parts = [tensorOf([2, 3, 16], 1), tensorOf([2, 3, 16], 2)];
    const joined = tf.concat(parts, 2);
    expect(Array.from(joined.dataSync().slice(16, 32))).toEqual(Array.from(parts[1]!.dataSync().slice(0, 16)));
    tf.dispose([...parts, joined]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
