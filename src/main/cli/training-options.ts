// The training subset and augmentation options the train command takes:
//   --snr 18 | --snr 0:18       SNR or range (dB, both ends included)
//   --classes BPSK,QPSK         class names (or indexes) of the dataset
//   --per-cell N                at most N training signals per class × SNR, drawn with --subset-seed (default --seed)
//   --augment msm+rf:phase      online augmentation (the text form of shared/augment.ts)
//   --augment-rate 0.5          share of each batch replaced by augmented signals
import { parseAugmentText, resolveAugmentSpec, type AugmentSpec } from '../../shared/augment.ts';
import { AppError } from '../../shared/errors.ts';
import { numberFlag, stringFlag } from './args.ts';
import type { ParsedArgs } from './command.ts';

export interface SubsetOption {
  snrMin?: number;
  snrMax?: number;
  classes?: number[];
  perCell?: number;
  seed?: number;
}

function snrRange(text: string): { snrMin: number; snrMax: number } {
  const parts = text.split(':');
  const values = parts.map((v) => Number(v.trim()));
  if (parts.length > 2 || values.some((v, k) => parts[k]!.trim() === '' || !Number.isFinite(v)) || (values.length === 2 && values[0]! > values[1]!)) {
    throw new AppError('VALIDATION', `--snr must be one SNR (18) or a range LOW:HIGH (0:18) in dB, got '${text}'`);
  }
  return { snrMin: values[0]!, snrMax: values.at(-1)! };
}

/** The subset the flags ask for, with class names turned into the dataset's indexes; undefined when none. */
export function subsetFromArgs(args: ParsedArgs, classNames: readonly string[]): SubsetOption | undefined {
  const snr = stringFlag(args, 'snr');
  const classes = stringFlag(args, 'classes');
  const perCell = stringFlag(args, 'per-cell');
  const seed = stringFlag(args, 'subset-seed');
  if (snr === undefined && classes === undefined && perCell === undefined) return undefined;
  const subset: SubsetOption = snr === undefined ? {} : snrRange(snr);
  if (classes !== undefined) {
    subset.classes = classes.split(',').map((raw) => {
      const name = raw.trim();
      const index = classNames.indexOf(name);
      if (index >= 0) return index;
      if (/^\d+$/.test(name) && Number(name) < classNames.length) return Number(name);
      throw new AppError('VALIDATION', `--classes: the dataset has no class '${name}' (it has ${classNames.join(', ')})`);
    });
  }
  if (perCell !== undefined) {
    const n = numberFlag(args, 'per-cell');
    if (!Number.isInteger(n) || n < 1) throw new AppError('VALIDATION', `--per-cell must be a positive integer, got '${perCell}'`);
    subset.perCell = n;
  }
  if (seed !== undefined) subset.seed = numberFlag(args, 'subset-seed');
  return subset;
}

/** The augmentation the flags ask for, defaults filled in; undefined when none. */
export function augmentFromArgs(args: ParsedArgs, flag = 'augment'): AugmentSpec | undefined {
  const text = stringFlag(args, flag);
  if (text === undefined) return undefined;
  const input = parseAugmentText(text);
  if (input === null) return undefined;
  const rate = stringFlag(args, 'augment-rate');
  const perSample = stringFlag(args, 'per-sample');
  return resolveAugmentSpec(
    {
      ...input,
      ...(rate === undefined ? {} : { probability: numberFlag(args, 'augment-rate') }),
      ...(perSample === undefined ? {} : { perSample: numberFlag(args, 'per-sample') }),
    },
    `--${flag} '${text}'`,
  );
}
