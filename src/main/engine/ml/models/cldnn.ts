// CLDNN: a conv front end, LSTM(128)×2 and a dense classifier.
import { tfl } from '../tfjs.ts';
import { LayerMaker, optionNumber, toSequence } from './layers.ts';
import type { Architecture, ModelSpec, RemovableUnit } from './spec.ts';
import { keptUnitIds, widthOf } from './units.ts';

type Sym = tfl.SymbolicTensor;

const units: RemovableUnit[] = [
  { id: 'conv2', layers: ['conv2'] },
  { id: 'conv3', layers: ['conv3'] },
  { id: 'lstm2', layers: ['lstm2'] },
];

export const cldnn: Architecture = {
  arch: 'cldnn',
  title: 'CLDNN',
  defaults: { filters: 64, kernel: 8, dropout: 0.5 },
  build(spec: ModelSpec, { seed }) {
    const keep = keptUnitIds(spec, units);
    const make = new LayerMaker(seed);
    const filters = optionNumber(spec.options, 'filters', 64);
    const kernel = optionNumber(spec.options, 'kernel', 8);
    const input = tfl.input({ name: 'iq', shape: [2, spec.length] });
    let x = make.conv1d(toSequence(input), 'conv1', { filters: widthOf(spec, 'conv1', filters), kernel, activation: 'relu' });
    // Halving the sequence keeps the recurrent part affordable on a CPU.
    x = tfl.layers.maxPooling1d({ name: 'pool1', poolSize: 2 }).apply(x) as Sym;
    for (const id of ['conv2', 'conv3']) {
      if (keep.has(id)) x = make.conv1d(x, id, { filters: widthOf(spec, id, filters), kernel, activation: 'relu' });
    }
    const second = keep.has('lstm2');
    x = make.recurrent(x, 'lstm1', 'lstm', widthOf(spec, 'lstm1', 128), second);
    if (second) x = make.recurrent(x, 'lstm2', 'lstm', widthOf(spec, 'lstm2', 128), false);
    x = make.dense(x, 'dense1', widthOf(spec, 'dense1', 128), 'relu');
    x = make.dropout(x, 'drop1', optionNumber(spec.options, 'dropout', 0.5));
    const logits = make.dense(x, 'head', spec.numClasses);
    return tfl.model({ name: 'cldnn', inputs: input, outputs: logits });
  },
  removableUnits() {
    return units.map((u) => ({ ...u, layers: [...u.layers] }));
  },
};
