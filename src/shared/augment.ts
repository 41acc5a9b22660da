// Augmentation settings as the Training page, the CLI and the jobs share them: the schema (with
// every default), the short text form the CLI takes (`msm`, `theta:0.2`, `nrm:4`, `blend`,
// `rf:phase,awgn`, joined by '+'), and a one-line description. Plain TS and zod only.
import { z } from 'zod';
import { AppError } from './errors.ts';

/** Partner choice: random, maximum-similarity, θ-similarity, n-times random. */
export const mixMethodNames = ['rm', 'msm', 'theta', 'nrm'] as const;
export type MixMethodName = (typeof mixMethodNames)[number];

/** The classic RF augmentations, applied in this order when several are chosen. */
export const rfOpNames = ['swap', 'flip', 'phase', 'cfo', 'shift', 'awgn', 'scale'] as const;
export type RfOpName = (typeof rfOpNames)[number];

/** The operators' defaults: half the length exchanged; λ ~ Beta(0.4, 0.4) for the blend. */
export const defaultSegmentProportion = 0.5;
export const defaultBlendBeta = 0.4;

const range = (low: number, high: number) =>
  z
    .tuple([z.number().min(low).max(high), z.number().min(low).max(high)])
    .refine(([a, b]) => a <= b, 'the low end must not exceed the high end');

const lambdaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('beta'), beta: z.number().positive().max(100) }).strict(),
  z.object({ kind: z.literal('uniform'), low: z.number().min(0).max(1), high: z.number().min(0).max(1) }).strict(),
]);

const operatorSchema = z.discriminatedUnion('kind', [
  /** swap one segment, the same start in both signals; proportion of the length */
  z.object({ kind: z.literal('exchange'), proportion: z.number().gt(0).max(1).default(defaultSegmentProportion) }).strict(),
  /** λ·a + (1 − λ)·b */
  z.object({ kind: z.literal('blend'), lambda: lambdaSchema.default({ kind: 'beta', beta: defaultBlendBeta }) }).strict(),
]);

export const mixSpecSchema = z
  .object({
    method: z.enum(mixMethodNames),
    operator: operatorSchema.default({ kind: 'exchange', proportion: defaultSegmentProportion }),
    /** partners of the same SNR only (RadioML labels); off: any SNR of the class */
    sameSnr: z.boolean().default(true),
    /** MSM: candidate partners drawn per signal, searched with banded DTW */
    pool: z.number().int().min(1).max(4096).default(64),
    /** Sakoe–Chiba band radius, as a fraction of the compared length */
    band: z.number().min(0).max(1).default(0.1),
    /** MSM with segment exchange: segment starts tried every this many samples (0: a quarter of the segment) */
    offsetStep: z.number().int().min(0).max(1 << 16).default(0),
    /**
     * θ-SM: accept a partner whose DTW distance is below θ × the energy of the two segments. Random
     * same-class pairs of RadioML-style signals lie around 0.3 … 1 (median ≈ 0.6), so 0.5 accepts
     * roughly the most alike quarter of them.
     */
    theta: z.number().positive().max(10).default(0.5),
    /** θ-SM: partners drawn before taking the best seen */
    patience: z.number().int().min(1).max(1000).default(5),
    /** n-RM: exchanges from distinct random partners into one signal */
    times: z.number().int().min(1).max(64).default(4),
  })
  .strict();

export const rfSpecSchema = z
  .object({
    ops: z.array(z.enum(rfOpNames)).min(1).max(rfOpNames.length),
    /**
     * AWGN: target SNR drawn uniformly in this range (dB); null: the signal's own SNR less a drop
     * drawn in awgnDropDb (signals of unknown SNR are then left as they are)
     */
    awgnTargetDb: range(-100, 100).nullable().default(null),
    awgnDropDb: range(0, 100).default([0, 6]),
    /** carrier-frequency offset drawn uniformly in ±cfoMax, cycles per sample (a fraction of the sample rate) */
    cfoMax: z.number().min(0).max(0.5).default(0.002),
    /** circular time shift drawn uniformly in ±shiftMax samples */
    shiftMax: z.number().int().min(0).max(1 << 16).default(16),
    /** amplitude gain drawn uniformly in this range */
    scale: range(0.01, 100).default([0.8, 1.25]),
  })
  .strict();

export const augmentSpecSchema = z
  .object({
    mix: mixSpecSchema.nullable().default(null),
    rf: rfSpecSchema.nullable().default(null),
    /** online (training): the share of each batch replaced by fresh augmented signals */
    probability: z.number().min(0).max(1).default(0.5),
    /** offline (derived dataset): new signals per original */
    perSample: z.number().int().min(1).max(64).default(1),
  })
  .strict()
  .refine((s) => s.mix !== null || s.rf !== null, 'choose a mixing method or at least one RF augmentation');

export type AugmentSpecInput = z.input<typeof augmentSpecSchema>;
export type AugmentSpec = z.output<typeof augmentSpecSchema>;
export type MixSpec = z.output<typeof mixSpecSchema>;
export type MixSpecInput = z.input<typeof mixSpecSchema>;
export type RfSpec = z.output<typeof rfSpecSchema>;
export type RfSpecInput = z.input<typeof rfSpecSchema>;

/** The spec with every default filled in; a clear error naming the field otherwise. */
export function resolveAugmentSpec(input: unknown, where = 'augmentation'): AugmentSpec {
  const parsed = augmentSpecSchema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION', `${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function numberIn(text: string, what: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new AppError('VALIDATION', `augmentation: ${what} must be a number, got '${text}'`);
  return v;
}

function rangeIn(text: string, what: string): [number, number] {
  const parts = text.split(':');
  if (parts.length > 2) throw new AppError('VALIDATION', `augmentation: ${what} must be a number or LOW:HIGH, got '${text}'`);
  const low = numberIn(parts[0]!, what);
  return [low, parts.length === 2 ? numberIn(parts[1]!, what) : low];
}

function parseRf(list: string): RfSpecInput {
  const rf: RfSpecInput & { ops: RfOpName[] } = { ops: [] };
  for (const item of list.split(',').filter((s) => s.length > 0)) {
    const [name, value] = item.split('=') as [string, string | undefined];
    if (!(rfOpNames as readonly string[]).includes(name)) throw new AppError('VALIDATION', `augmentation: unknown RF augmentation '${name}' (known: ${rfOpNames.join(', ')})`);
    rf.ops.push(name as RfOpName);
    if (value === undefined) continue;
    if (name === 'awgn') rf.awgnTargetDb = rangeIn(value, 'awgn target SNR (dB)');
    else if (name === 'cfo') rf.cfoMax = numberIn(value, 'cfo (cycles/sample)');
    else if (name === 'shift') rf.shiftMax = numberIn(value, 'shift (samples)');
    else if (name === 'scale') rf.scale = rangeIn(value, 'scale');
    else throw new AppError('VALIDATION', `augmentation: '${name}' takes no value`);
  }
  return rf;
}

/**
 * The CLI's text form: terms joined by '+', each one of `rm`, `msm`, `theta[:θ]`, `nrm[:n]`
 * (the partner choice), `exchange[:proportion]`, `blend[:β]` (the operator; alone it means random
 * partners), `rf:op[=value],…` (phase, swap, flip, awgn[=dB or LOW:HIGH], cfo[=cycles/sample],
 * shift[=samples], scale[=LOW:HIGH]). 'none' or '' is no augmentation (null).
 */
export function parseAugmentText(text: string): AugmentSpecInput | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return null;
  let mix: MixSpecInput | null = null;
  let rf: RfSpecInput | null = null;
  const mixOf = (): MixSpecInput => (mix ??= { method: 'rm' });
  let methodSet = false;
  for (const term of trimmed.split('+')) {
    const colon = term.indexOf(':');
    const name = colon < 0 ? term : term.slice(0, colon);
    const arg = colon < 0 ? undefined : term.slice(colon + 1);
    const setMethod = (method: MixMethodName): MixSpecInput => {
      if (methodSet) throw new AppError('VALIDATION', `augmentation '${text}': name one mixing method only`);
      methodSet = true;
      const m = mixOf();
      m.method = method;
      return m;
    };
    switch (name) {
      case 'rm':
      case 'msm':
        if (arg !== undefined) throw new AppError('VALIDATION', `augmentation: '${name}' takes no value`);
        setMethod(name);
        break;
      case 'theta': {
        const m = setMethod('theta');
        if (arg !== undefined) m.theta = numberIn(arg, 'θ');
        break;
      }
      case 'nrm': {
        const m = setMethod('nrm');
        if (arg !== undefined) m.times = numberIn(arg, 'n');
        break;
      }
      case 'exchange':
        mixOf().operator = { kind: 'exchange', ...(arg === undefined ? {} : { proportion: numberIn(arg, 'segment proportion') }) };
        break;
      case 'blend':
        mixOf().operator = { kind: 'blend', ...(arg === undefined ? {} : { lambda: { kind: 'beta', beta: numberIn(arg, 'β') } }) };
        break;
      case 'rf':
        if (rf) throw new AppError('VALIDATION', `augmentation '${text}': list the RF augmentations in one rf: term`);
        rf = parseRf(arg ?? '');
        break;
      default:
        throw new AppError('VALIDATION', `augmentation: unknown term '${term}' (rm, msm, theta:θ, nrm:n, exchange:p, blend:β, rf:ops, none)`);
    }
  }
  const spec = { mix, rf };
  resolveAugmentSpec(spec, `augmentation '${text}'`);
  return spec;
}

const methodLabels: Record<MixMethodName, string> = { rm: 'RM', msm: 'MSM', theta: 'θ-SM', nrm: 'n-RM' };

/** One line for tables and logs, e.g. "MSM, exchange 0.5, pool 64, band 0.1, same SNR + RF phase, awgn". */
export function describeAugment(spec: AugmentSpec): string {
  const parts: string[] = [];
  const m = spec.mix;
  if (m) {
    const words = [m.method === 'theta' ? `θ-SM θ=${m.theta}, patience ${m.patience}` : m.method === 'nrm' ? `${m.times}-RM` : methodLabels[m.method]];
    words.push(m.operator.kind === 'exchange' ? `exchange ${m.operator.proportion}` : m.operator.lambda.kind === 'beta' ? `blend λ~Beta(${m.operator.lambda.beta})` : `blend λ~U(${m.operator.lambda.low}, ${m.operator.lambda.high})`);
    if (m.method === 'msm') words.push(`pool ${m.pool}`);
    if (m.method === 'msm' || m.method === 'theta') words.push(`band ${m.band}`);
    words.push(m.sameSnr ? 'same SNR' : 'any SNR');
    parts.push(words.join(', '));
  }
  if (spec.rf) parts.push(`RF ${spec.rf.ops.join(', ')}`);
  return parts.join(' + ');
}

/** One signal of a preview, [I, Q] rails. */
export interface PreviewSignal {
  i: number[];
  q: number[];
}

/** A partner of the previewed mix, and what it gave. */
export interface PreviewPartner extends PreviewSignal {
  sampleId: number;
  /** exchange: the samples taken from it */
  segment: { start: number; width: number } | null;
  /** blend: the weight the running signal kept */
  lambda: number | null;
  /** relative DTW distance of the mixed parts: 0 identical, about 1 unrelated */
  distance: number | null;
}

/** What the Training page shows for one augmented signal: the original, its partners, the result. */
export interface AugmentPreview {
  datasetId: number;
  sampleId: number;
  className: string;
  snr: number | null;
  /** describeAugment of the spec */
  method: string;
  seed: number;
  original: PreviewSignal;
  partners: PreviewPartner[];
  /** null when the signal has no partner to mix with */
  result: (PreviewSignal & { snr: number | null }) | null;
  /** partners MSM or θ-SM examined */
  candidatesExamined: number;
  /** what the RF augmentations drew (radians, cycles/sample, samples, dB, gain) */
  rf: Partial<Record<RfOpName, number>> | null;
  /** the signals the partners were drawn from */
  groupSize: number;
}
