// A deep plain 1-D CNN: a stem, then `depth` same-width conv blocks, each removable whole.
import { tfl } from '../tfjs.ts';
import { LayerMaker, optionNumber, toSequence } from './layers.ts';
import type { Architecture, ModelSpec, RemovableUnit } from './spec.ts';
import { keptUnitIds, widthOf } from './units.ts';

type Sym = tfl.SymbolicTensor;

function dims(spec: ModelSpec): { depth: number; width: number; kernel: number } {
  return {
    depth: Math.max(1, Math.floor(optionNumber(spec.options, 'depth', 8))),
    width: Math.max(1, Math.floor(optionNumber(spec.options, 'width', 64))),
    kernel: Math.max(1, Math.floor(optionNumber(spec.options, 'kernel', 3))),
  };
}

export const cnn1d: Architecture = {
  arch: 'cnn1d',
  title: 'Deep plain CNN1D',
  defaults: { depth: 8, width: 64, kernel: 3 },
  build(spec: ModelSpec, { seed }) {
    const { depth, width, kernel } = dims(spec);
    const keep = keptUnitIds(spec, this.removableUnits(spec));
    const make = new LayerMaker(seed);
    const input = tfl.input({ name: 'iq', shape: [2, spec.length] });
    let x = make.conv1d(toSequence(input), 'stem_conv', { filters: widthOf(spec, 'stem_conv', width), kernel });
    x = make.batchNorm(x, 'stem_bn');
    x = make.relu(x, 'stem_relu');
    // Downsample once, before the removable stack, so dropping a block never moves a pool.
    x = tfl.layers.maxPooling1d({ name: 'stem_pool', poolSize: 2 }).apply(x) as Sym;
    for (let i = 1; i <= depth; i++) {
      const id = `block${i}`;
      if (!keep.has(id)) continue;
      x = make.conv1d(x, `${id}_conv`, { filters: widthOf(spec, `${id}_conv`, width), kernel });
      x = make.batchNorm(x, `${id}_bn`);
      x = make.relu(x, `${id}_relu`);
    }
    x = tfl.layers.globalAveragePooling1d({ name: 'pool' }).apply(x) as Sym;
    // Off unless asked for: the plain CNN1D of the zoo has none.
    const dropout = optionNumber(spec.options, 'dropout', 0);
    if (dropout > 0) x = make.dropout(x, 'drop', dropout);
    const logits = make.dense(x, 'head', spec.numClasses);
    return tfl.model({ name: 'cnn1d', inputs: input, outputs: logits });
  },
  removableUnits(spec: ModelSpec): RemovableUnit[] {
    const { depth } = dims(spec);
    return Array.from({ length: depth }, (_, k) => ({ id: `block${k + 1}`, layers: [`block${k + 1}_conv`, `block${k + 1}_bn`] }));
  },
};
