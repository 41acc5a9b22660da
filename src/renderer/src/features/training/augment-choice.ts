// The Training page's augmentation settings as form fields, and the spec they make. Every
// default is the shared schema's, so the page and the CLI start from the same values.
import { defaultBlendBeta, defaultSegmentProportion, resolveAugmentSpec, type AugmentSpecInput, type MixMethodName, type RfOpName } from '../../../../shared/augment.ts';

export interface AugmentChoice {
  /** 'none', a mixing method, or 'rf' for the RF augmentations alone */
  method: 'none' | MixMethodName | 'rf';
  operator: 'exchange' | 'blend';
  proportion: number;
  beta: number;
  theta: number;
  patience: number;
  times: number;
  pool: number;
  band: number;
  sameSnr: boolean;
  rfOps: RfOpName[];
  probability: number;
}

const defaults = resolveAugmentSpec({ mix: { method: 'rm' } });
const mixDefaults = defaults.mix!;

export const defaultAugmentChoice: AugmentChoice = {
  method: 'none',
  operator: 'exchange',
  proportion: defaultSegmentProportion,
  beta: defaultBlendBeta,
  theta: mixDefaults.theta,
  patience: mixDefaults.patience,
  times: mixDefaults.times,
  pool: mixDefaults.pool,
  band: mixDefaults.band,
  sameSnr: mixDefaults.sameSnr,
  rfOps: [],
  probability: defaults.probability,
};

/** The spec the fields describe; null for no augmentation. */
export function specOfChoice(c: AugmentChoice): AugmentSpecInput | null {
  const rf = c.rfOps.length > 0 ? { ops: c.rfOps } : null;
  if (c.method === 'none' || (c.method === 'rf' && !rf)) return null;
  const mix =
    c.method === 'rf'
      ? null
      : {
          method: c.method,
          operator: c.operator === 'exchange' ? { kind: 'exchange' as const, proportion: c.proportion } : { kind: 'blend' as const, lambda: { kind: 'beta' as const, beta: c.beta } },
          sameSnr: c.sameSnr,
          pool: c.pool,
          band: c.band,
          theta: c.theta,
          patience: c.patience,
          times: c.times,
        };
  return { mix, rf, probability: c.probability };
}
