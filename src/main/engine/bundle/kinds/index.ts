// Bundle kinds by the name a cluster job records. A new kind is one file here and one line below.
import { AppError } from '../../../../shared/errors.ts';
import type { BundleKind } from '../bundle-kind.ts';
import { distillBundle } from './distill.ts';
import { studyBundle } from './prune-study.ts';
import { trainBundle } from './train.ts';

export const bundleKinds: Readonly<Record<string, BundleKind>> = {
  'prune-study': studyBundle,
  train: trainBundle,
  distill: distillBundle,
};

export function bundleKind(name: string): BundleKind {
  const kind = bundleKinds[name];
  if (!kind) throw new AppError('VALIDATION', `unknown bundle kind '${name}' (known: ${Object.keys(bundleKinds).join(', ')})`);
  return kind;
}
