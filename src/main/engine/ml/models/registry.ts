// The model zoo: architecture name → builder. Unknown names are an error, never a default.
import { AppError } from '../../../../shared/errors.ts';
import type { tfl } from '../tfjs.ts';
import { avgnet } from './avgnet.ts';
import { cldnn } from './cldnn.ts';
import { cnn1d } from './cnn1d.ts';
import { convnet } from './convnet.ts';
import { gru2 } from './gru2.ts';
import { lstm2 } from './lstm2.ts';
import { mcldnn } from './mcldnn.ts';
import { resnet1d } from './resnet1d.ts';
import type { TrainConfig } from '../train/config.ts';
import type { Architecture, BuildOptions, ModelSpec, RemovableUnit } from './spec.ts';
import { vtcnn2 } from './vtcnn2.ts';

const architectures: ReadonlyMap<string, Architecture> = new Map(
  [vtcnn2, resnet1d, cnn1d, cldnn, mcldnn, lstm2, gru2, convnet, avgnet].map((a) => [a.arch, a]),
);

/** Short names people type: resnet1d20 → resnet1d with depth 20. */
function normalise(spec: ModelSpec): ModelSpec {
  const m = /^resnet1d(\d+)$/.exec(spec.arch);
  if (!m) return spec;
  return { ...spec, arch: 'resnet1d', options: { ...spec.options, depth: Number(m[1]) } };
}

export function getArchitecture(arch: string): Architecture {
  const a = architectures.get(normalise({ arch, numClasses: 1, length: 1 }).arch);
  if (!a) throw new AppError('VALIDATION', `unknown model architecture '${arch}' (known: ${[...architectures.keys()].join(', ')})`);
  return a;
}

function validate(spec: ModelSpec): void {
  if (!Number.isInteger(spec.numClasses) || spec.numClasses < 2) {
    throw new AppError('VALIDATION', `${spec.arch}: numClasses must be an integer ≥ 2, got ${spec.numClasses}`);
  }
  if (!Number.isInteger(spec.length) || spec.length < 8) {
    throw new AppError('VALIDATION', `${spec.arch}: length must be an integer ≥ 8, got ${spec.length}`);
  }
}

/** Builds an untrained model; the same spec and seed always give the same weights. */
export function buildModel(spec: ModelSpec, opts: BuildOptions = {}): tfl.LayersModel {
  const s = normalise(spec);
  validate(s);
  return getArchitecture(s.arch).build(s, { seed: opts.seed ?? 0 });
}

/** The units layer pruning may drop from this spec's architecture (ignores keepUnits). */
export function removableUnits(spec: ModelSpec): RemovableUnit[] {
  const s = normalise(spec);
  return getArchitecture(s.arch).removableUnits({ ...s, keepUnits: undefined });
}

/** The training settings an architecture comes with (none for most), under the ones a run sets. */
export function trainingRecipe(arch: string): Partial<TrainConfig> {
  return { ...getArchitecture(arch).recipe };
}

export function listArchitectures(): { arch: string; title: string; defaults: Record<string, number> }[] {
  return [...architectures.values()].map((a) => ({ arch: a.arch, title: a.title, defaults: { ...a.defaults } }));
}
