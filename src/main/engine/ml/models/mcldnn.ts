// MCLDNN (Xu et al. 2020): three conv views (I/Q jointly, I alone, Q alone) fused, then
// LSTM(128)×2 and dense layers.
import { tfl } from '../tfjs.ts';
import { LayerMaker, optionNumber } from './layers.ts';
import type { Architecture, ModelSpec, RemovableUnit } from './spec.ts';
import { keptUnitIds, widthOf } from './units.ts';

type Sym = tfl.SymbolicTensor;

const units: RemovableUnit[] = [{ id: 'lstm2', layers: ['lstm2'] }];

function row(x: Sym, name: string, which: 'i' | 'q'): Sym {
  const cropping: [[number, number], [number, number]] = which === 'i' ? [[0, 1], [0, 0]] : [[1, 0], [0, 0]];
  return tfl.layers.cropping2D({ name, cropping }).apply(x) as Sym;
}

export const mcldnn: Architecture = {
  arch: 'mcldnn',
  title: 'MCLDNN',
  defaults: { filters: 50, dropout: 0.5 },
  build(spec: ModelSpec, { seed }) {
    const keep = keptUnitIds(spec, units);
    const make = new LayerMaker(seed);
    const f = optionNumber(spec.options, 'filters', 50);
    const input = tfl.input({ name: 'iq', shape: [2, spec.length] });
    const image = tfl.layers.reshape({ name: 'to_image', targetShape: [2, spec.length, 1] }).apply(input) as Sym;
    const joint = make.conv2d(image, 'conv_iq', { filters: widthOf(spec, 'conv_iq', f), kernel: [2, 8], padding: 'same', activation: 'relu' });
    // I and Q are stacked back into rows afterwards, so both branches share one width.
    const rowWidth = widthOf(spec, 'conv_i', f);
    const i = make.conv2d(row(image, 'row_i', 'i'), 'conv_i', { filters: rowWidth, kernel: [1, 8], padding: 'same', activation: 'relu' });
    const q = make.conv2d(row(image, 'row_q', 'q'), 'conv_q', { filters: rowWidth, kernel: [1, 8], padding: 'same', activation: 'relu' });
    let x = tfl.layers.concatenate({ name: 'stack_iq', axis: 1 }).apply([i, q]) as Sym;
    x = make.conv2d(x, 'conv_sep', { filters: widthOf(spec, 'conv_sep', f), kernel: [1, 8], padding: 'same', activation: 'relu' });
    x = tfl.layers.concatenate({ name: 'fuse', axis: 3 }).apply([joint, x]) as Sym;
    const fused = widthOf(spec, 'conv_fuse', 2 * f);
    x = make.conv2d(x, 'conv_fuse', { filters: fused, kernel: [2, 5], activation: 'relu' });
    x = tfl.layers.reshape({ name: 'to_sequence', targetShape: [spec.length - 4, fused] }).apply(x) as Sym;
    const second = keep.has('lstm2');
    x = make.recurrent(x, 'lstm1', 'lstm', widthOf(spec, 'lstm1', 128), second);
    if (second) x = make.recurrent(x, 'lstm2', 'lstm', widthOf(spec, 'lstm2', 128), false);
    const rate = optionNumber(spec.options, 'dropout', 0.5);
    x = make.dense(x, 'dense1', widthOf(spec, 'dense1', 128), 'relu');
    x = make.dropout(x, 'drop1', rate);
    x = make.dense(x, 'dense2', widthOf(spec, 'dense2', 128), 'relu');
    x = make.dropout(x, 'drop2', rate);
    const logits = make.dense(x, 'head', spec.numClasses);
    return tfl.model({ name: 'mcldnn', inputs: input, outputs: logits });
  },
  removableUnits() {
    return units.map((u) => ({ ...u, layers: [...u.layers] }));
  },
};
