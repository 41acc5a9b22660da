// The 'augment' job: a derived dataset (kind 'augmented') holding, beside a copy of its parent's
// signals with their splits, `perSample` new signals for every training signal of the parent.
// Partners come from the signal's group (class, and SNR unless the spec lifts it), read in
// seeded slices of at most `sliceSignals`. The lineage (parent, spec, seed, counts) is stored
// in the dataset's params; every signal's source offset is the id of the parent sample it came
// from. One transaction: a failed or cancelled job leaves no dataset behind.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { augmentSpecSchema, describeAugment, type AugmentSpec } from '../../../../shared/augment.ts';
import { AppError } from '../../../../shared/errors.ts';
import { createRng, deriveSeed } from '../../base/random.ts';
import { Augmenter } from '../../ml/augment/augmenter.ts';
import { detectEnergyConvention, type EnergyConvention } from '../../ml/augment/energy.ts';
import type { DatasetInfo, DatasetWriter, SampleFilter, Split } from '../../store/types.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

export const augmentJobSchema = z.object({
  datasetId: z.number().int(),
  spec: augmentSpecSchema,
  seed: z.number().int().default(0),
  name: z.string().min(1).max(200).optional(),
  /** copy the parent's signals (every split, as they are) beside the new ones */
  includeOriginals: z.boolean().default(true),
  /** the parent's split, assigned first when it has none */
  split: z.object({ train: z.number(), val: z.number(), test: z.number(), seed: z.number().int() }).optional(),
  /** signals of one group held at once as partners */
  sliceSignals: z.number().int().min(2).max(1 << 20).default(16384),
});

const splitOrder: readonly Split[] = ['train', 'val', 'test', 'unassigned'];

/** The groups partners are drawn from: one per class, or per class × SNR (signals of unknown SNR then have none). */
function groups(parent: DatasetInfo, sameSnr: boolean): { filter: SampleFilter; label: string }[] {
  return parent.classes.flatMap((name, c) =>
    sameSnr && parent.snrs.length > 0
      ? parent.snrs.map((snr) => ({ filter: { datasetId: parent.id, classes: [c], snrMin: snr, snrMax: snr, split: 'train' as const }, label: `${name} at ${snr} dB` }))
      : [{ filter: { datasetId: parent.id, classes: [c], split: 'train' as const }, label: name }],
  );
}

export async function runAugmentJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(augmentJobSchema, raw, 'augment');
  const { spec } = cfg;
  const { store } = ctx;
  const started = performance.now();
  let parent = store.getDataset(cfg.datasetId);
  if (!parent.split || cfg.split) {
    const split = cfg.split ?? { train: 0.7, val: 0.15, test: 0.15, seed: cfg.seed };
    const counts = store.assignSplits(parent.id, split);
    ctx.log(`split dataset ${parent.id}: ${counts.train} train, ${counts.val} val, ${counts.test} test (seed ${split.seed})`);
    parent = store.getDataset(parent.id);
  }
  const trainCount = store.pageSamples({ datasetId: parent.id, split: 'train' }, { offset: 0, limit: 0 }).total;
  if (trainCount === 0) throw new AppError('VALIDATION', `dataset ${parent.id} ("${parent.name}") has no training signals to augment`);
  const probe = store.streamBatches({ datasetId: parent.id, split: 'train' }, 256, { shuffle: true, seed: cfg.seed }).next();
  const convention: EnergyConvention = probe.done ? 'power' : detectEnergyConvention(probe.value.x, probe.value.count, parent.length);
  const method = describeAugment(spec);
  const hash = createHash('sha256').update(JSON.stringify({ parent: parent.sourceHash, spec, seed: cfg.seed, includeOriginals: cfg.includeOriginals })).digest('hex');
  const writer = store.beginDataset({
    name: cfg.name ?? `${parent.name} + ${method}`,
    kind: 'augmented',
    format: 'augmented',
    sourcePath: null,
    sourceHash: hash,
    length: parent.length,
    params: { parentDatasetId: parent.id, parentName: parent.name, parentHash: parent.sourceHash, spec, method, seed: cfg.seed, includeOriginals: cfg.includeOriginals, convention, sourceOffset: 'id of the parent sample' },
    split: parent.split ?? null,
  });
  try {
    parent.classes.forEach((name) => writer.classIndex(name));
    const originals = cfg.includeOriginals ? copyOriginals(ctx, writer, parent) : 0;
    const made = augmentTraining(ctx, writer, parent, spec, convention, trainCount, cfg.seed, cfg.sliceSignals);
    const info = writer.commit();
    const unreached = trainCount - made.reached;
    ctx.log(`dataset ${info.id}: ${originals} originals and ${made.augmented} new signals (${method}); ${made.unmixed} training signals had no partner${unreached ? `, ${unreached} of unknown SNR were left out` : ''}`);
    return { datasetId: info.id, originals, augmented: made.augmented, unmixed: made.unmixed, unreached, seed: cfg.seed, method, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    writer.abort();
    throw err;
  }
}

function throwIfCancelled(ctx: JobContext): void {
  if (ctx.signal.aborted) throw new AppError('CANCELLED', 'the augment job was cancelled');
}

function copyOriginals(ctx: JobContext, writer: DatasetWriter, parent: DatasetInfo): number {
  let copied = 0;
  for (const split of splitOrder) {
    for (const b of ctx.store.streamBatches({ datasetId: parent.id, split }, 4096)) {
      throwIfCancelled(ctx);
      writer.append(b.x, Array.from(b.ids, (id, j) => ({ classIndex: b.y[j]!, snr: Number.isNaN(b.snr[j]!) ? null : b.snr[j]!, sourceOffset: id, split })));
      copied += b.count;
      ctx.progress('copy', copied, parent.count);
    }
  }
  return copied;
}

function augmentTraining(
  ctx: JobContext,
  writer: DatasetWriter,
  parent: DatasetInfo,
  spec: AugmentSpec,
  convention: EnergyConvention,
  trainCount: number,
  seed: number,
  sliceSignals: number,
): { augmented: number; unmixed: number; reached: number } {
  const total = trainCount * spec.perSample;
  const per = 2 * parent.length;
  let augmented = 0;
  let unmixed = 0;
  let reached = 0;
  for (const group of groups(parent, spec.mix?.sameSnr ?? true)) {
    let slice = 0;
    for (const bank of ctx.store.streamBatches(group.filter, sliceSignals, { shuffle: true, seed: deriveSeed(seed, 'augment-slices', group.label) })) {
      throwIfCancelled(ctx);
      const augmenter = new Augmenter(bank, spec, { convention });
      const rng = createRng(deriveSeed(seed, 'augment', group.label, slice++));
      const x = new Float32Array(bank.count * spec.perSample * per);
      const meta = [];
      for (let k = 0; k < bank.count; k++) {
        for (let r = 0; r < spec.perSample; r++) {
          const outcome = augmenter.augment(k, rng);
          if (!outcome) continue;
          x.set(outcome.signal, meta.length * per);
          meta.push({ classIndex: bank.y[k]!, snr: Number.isNaN(outcome.snr) ? null : outcome.snr, sourceOffset: bank.ids[k]!, split: 'train' as const });
        }
        if (augmenter.mixer && augmenter.mixer.groups.partnerCount(k) === 0) unmixed++;
      }
      writer.append(x.subarray(0, meta.length * per), meta);
      augmented += meta.length;
      reached += bank.count;
      ctx.progress('augment', reached * spec.perSample, total);
    }
  }
  return { augmented, unmixed, reached };
}
