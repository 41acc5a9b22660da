// VT-CNN2, the RML2016 baseline of “Convolutional Radio Modulation Recognition Networks” (O'Shea,
// Corgan, Clancy), laid out as DeepSig's public RML2016 notebook builds it.
import { tfl } from '../tfjs.ts';
import { LayerMaker, optionNumber } from './layers.ts';
import type { Architecture, ModelSpec } from './spec.ts';
import { widthOf } from './units.ts';

type Sym = tfl.SymbolicTensor;

function padTime(x: Sym, name: string): Sym {
  return tfl.layers.zeroPadding2d({ name, padding: [[0, 0], [2, 2]] }).apply(x) as Sym;
}

export const vtcnn2: Architecture = {
  arch: 'vtcnn2',
  title: 'VT-CNN2',
  defaults: { dropout: 0.5 },
  build(spec: ModelSpec, { seed }) {
    const make = new LayerMaker(seed);
    const rate = optionNumber(spec.options, 'dropout', 0.5);
    const input = tfl.input({ name: 'iq', shape: [2, spec.length] });
    // [2, L] → an image of height 2 (I, Q), width L, one channel.
    let x = tfl.layers.reshape({ name: 'to_image', targetShape: [2, spec.length, 1] }).apply(input) as Sym;
    x = padTime(x, 'pad1');
    x = make.conv2d(x, 'conv1', { filters: widthOf(spec, 'conv1', 256), kernel: [1, 3], activation: 'relu' });
    x = make.dropout(x, 'drop1', rate);
    x = padTime(x, 'pad2');
    x = make.conv2d(x, 'conv2', { filters: widthOf(spec, 'conv2', 80), kernel: [2, 3], activation: 'relu' });
    x = make.dropout(x, 'drop2', rate);
    x = tfl.layers.flatten({ name: 'flatten' }).apply(x) as Sym;
    x = make.dense(x, 'dense1', widthOf(spec, 'dense1', 256), 'relu');
    x = make.dropout(x, 'drop3', rate);
    const logits = make.dense(x, 'head', spec.numClasses);
    return tfl.model({ name: 'vtcnn2', inputs: input, outputs: logits });
  },
  // Every layer changes the shape the next one sees: nothing is removable whole.
  removableUnits() {
    return [];
  },
};
