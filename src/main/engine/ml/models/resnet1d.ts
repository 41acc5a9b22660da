// ResNet1D-(6n+2): the CIFAR ResNet pattern in 1-D (stem, three stages of n basic blocks).
import { AppError } from '../../../../shared/errors.ts';
import { tfl } from '../tfjs.ts';
import { LayerMaker, optionNumber, toSequence } from './layers.ts';
import type { Architecture, ModelSpec, RemovableUnit } from './spec.ts';
import { keptUnitIds, widthOf } from './units.ts';

type Sym = tfl.SymbolicTensor;

const stageChannels = [16, 32, 64] as const;

function blocksPerStage(spec: ModelSpec): number {
  const depth = optionNumber(spec.options, 'depth', 20);
  const n = (depth - 2) / 6;
  if (!Number.isInteger(n) || n < 1) {
    throw new AppError('VALIDATION', `resnet1d: depth must be 6n+2 with n ≥ 1 (8, 14, 20, 56, …), got ${depth}`);
  }
  return n;
}

function blockId(stage: number, block: number): string {
  return `stage${stage}_block${block}`;
}

function basicBlock(make: LayerMaker, x: Sym, id: string, inner: number, out: number, stride: number, project: boolean): Sym {
  let y = make.conv1d(x, `${id}_conv1`, { filters: inner, kernel: 3, stride, bias: false });
  y = make.batchNorm(y, `${id}_bn1`);
  y = make.relu(y, `${id}_relu1`);
  y = make.conv1d(y, `${id}_conv2`, { filters: out, kernel: 3, bias: false });
  y = make.batchNorm(y, `${id}_bn2`);
  let shortcut = x;
  if (project) {
    shortcut = make.conv1d(x, `${id}_proj_conv`, { filters: out, kernel: 1, stride, bias: false });
    shortcut = make.batchNorm(shortcut, `${id}_proj_bn`);
  }
  const sum = tfl.layers.add({ name: `${id}_add` }).apply([y, shortcut]) as Sym;
  return make.relu(sum, `${id}_relu2`);
}

export const resnet1d: Architecture = {
  arch: 'resnet1d',
  title: 'ResNet1D-(6n+2)',
  defaults: { depth: 20 },
  build(spec: ModelSpec, { seed }) {
    const n = blocksPerStage(spec);
    const keep = keptUnitIds(spec, this.removableUnits(spec));
    const make = new LayerMaker(seed);
    const input = tfl.input({ name: 'iq', shape: [2, spec.length] });
    let x = make.conv1d(toSequence(input), 'stem_conv', { filters: 16, kernel: 3, bias: false });
    x = make.batchNorm(x, 'stem_bn');
    x = make.relu(x, 'stem_relu');
    let channels = 16;
    stageChannels.forEach((out, s) => {
      for (let b = 1; b <= n; b++) {
        const id = blockId(s + 1, b);
        const first = b === 1;
        if (!first && !keep.has(id)) continue;
        const stride = first && s > 0 ? 2 : 1;
        x = basicBlock(make, x, id, widthOf(spec, `${id}_conv1`, out), out, stride, channels !== out);
        channels = out;
      }
    });
    x = tfl.layers.globalAveragePooling1d({ name: 'pool' }).apply(x) as Sym;
    const logits = make.dense(x, 'head', spec.numClasses);
    return tfl.model({ name: `resnet1d${6 * n + 2}`, inputs: input, outputs: logits });
  },
  removableUnits(spec: ModelSpec): RemovableUnit[] {
    const n = blocksPerStage(spec);
    const units: RemovableUnit[] = [];
    for (let s = 1; s <= 3; s++) {
      for (let b = 2; b <= n; b++) {
        const id = blockId(s, b);
        units.push({ id, layers: [`${id}_conv1`, `${id}_bn1`, `${id}_conv2`, `${id}_bn2`] });
      }
    }
    return units;
  },
};
