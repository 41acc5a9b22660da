import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorOf, useWasm } from './compare.ts';

describe('Identity on wasm', () => {
  beforeAll(useWasm);

  it('shares the data: a clone outlives its source, and both free their memory', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const ids = backend.numDataIds();
    const x = tensorOf([3, 5], 1);
    const expected = Array.from(x.dataSync());
    const copy = tf.clone(x);
    expect(backend.numDataIds()).toBe(ids + 1);
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual(expected);
    const variable = tf.variable(copy);
    copy.dispose();
    const zeros = tf.zerosLike(variable);
    variable.assign(zeros);
    zeros.dispose();
    expect(Array.from(variable.dataSync())).toEqual(new Array(15).fill(0));
    variable.dispose();
    expect(backend.numDataIds()).toBe(ids);
  });
});
