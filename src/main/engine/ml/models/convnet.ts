// The dataset-condensation ConvNet made 1-D, as a classifier: `depth` blocks of a 'same'
// convolution along time (no bias: the instance norm removes it), instance norm, ReLU and
// average pooling by 2, then a dense head on the flattened features. Distillation draws its
// untrained embedders with this layout; the evaluation trains it as the "same architecture".
import { tfl } from '../tfjs.ts';
import { LayerMaker, optionNumber, toSequence } from './layers.ts';
import { NormReluPool } from './norm-relu-pool-layer.ts';
import type { Architecture, ModelSpec } from './spec.ts';
import { widthOf } from './units.ts';

type Sym = tfl.SymbolicTensor;

function dims(spec: ModelSpec): { depth: number; width: number } {
  return {
    depth: Math.max(1, Math.floor(optionNumber(spec.options, 'depth', 3))),
    width: Math.max(1, Math.floor(optionNumber(spec.options, 'width', 128))),
  };
}

export const convnet: Architecture = {
  arch: 'convnet',
  title: 'ConvNet (distillation, 1-D)',
  defaults: { depth: 3, width: 128 },
  build(spec: ModelSpec, { seed }) {
    const { depth, width } = dims(spec);
    const make = new LayerMaker(seed);
    const input = tfl.input({ name: 'iq', shape: [2, spec.length] });
    let x = toSequence(input);
    for (let d = 1; d <= depth; d++) {
      x = make.conv1d(x, `conv${d}`, { filters: widthOf(spec, `conv${d}`, width), kernel: 3, bias: false });
      x = new NormReluPool({ name: `norm_relu_pool${d}` }).apply(x) as Sym;
    }
    x = tfl.layers.flatten({ name: 'flatten' }).apply(x) as Sym;
    const logits = make.dense(x, 'head', spec.numClasses);
    return tfl.model({ name: 'convnet', inputs: input, outputs: logits });
  },
  // every block halves the time axis, so dropping one changes the head's input
  removableUnits() {
    return [];
  },
};
