// Shared body of LSTM2 and GRU2: two stacked recurrent layers (128, 64) and a classifier.
import { tfl } from '../tfjs.ts';
import { LayerMaker, toSequence } from './layers.ts';
import type { Architecture, ModelSpec } from './spec.ts';
import { widthOf } from './units.ts';

export function recurrent2(kind: 'lstm' | 'gru', title: string): Architecture {
  return {
    arch: `${kind}2`,
    title,
    defaults: {},
    build(spec: ModelSpec, { seed }) {
      const make = new LayerMaker(seed);
      const input = tfl.input({ name: 'iq', shape: [2, spec.length] });
      let x = make.recurrent(toSequence(input), `${kind}1`, kind, widthOf(spec, `${kind}1`, 128), true);
      x = make.recurrent(x, `${kind}2`, kind, widthOf(spec, `${kind}2`, 64), false);
      const logits = make.dense(x, 'head', spec.numClasses);
      return tfl.model({ name: `${kind}2`, inputs: input, outputs: logits });
    },
    // The two layers differ in width, so neither can go without reshaping the other.
    removableUnits() {
      return [];
    },
  };
}
