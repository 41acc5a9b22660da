// One augmented signal made the way training would make it, for the Training page: an original
// (given, or drawn from a class and SNR), the partners the method chose from its group and the
// result, with every mix's similarity measured. The group is read from the training split when
// the dataset has one, up to `maxGroup` signals drawn with the seed.
import type { AugmentPreview, AugmentSpec, PreviewSignal } from '../../../../shared/augment.ts';
import { describeAugment } from '../../../../shared/augment.ts';
import { AppError } from '../../../../shared/errors.ts';
import { createRng, deriveSeed } from '../../base/random.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { LoadedSamples, SampleFilter } from '../../store/types.ts';
import { Augmenter } from './augmenter.ts';
import { signalAt } from './signal-bank.ts';

export interface PreviewRequest {
  datasetId: number;
  spec: AugmentSpec;
  seed: number;
  /** the original; when absent, drawn with the seed from classIndex (and snr) */
  sampleId?: number;
  classIndex?: number;
  snr?: number;
}

const maxGroup = 4096;

function rails(signal: Float32Array, length: number): PreviewSignal {
  return { i: Array.from(signal.subarray(0, length)), q: Array.from(signal.subarray(length, 2 * length)) };
}

/** The original's sample id: the given one, or one drawn from the class (and SNR) with the seed. */
function pickOriginal(store: ProjectStore, request: PreviewRequest, split: SampleFilter['split']): number {
  if (request.sampleId !== undefined) return request.sampleId;
  if (request.classIndex === undefined) throw new AppError('VALIDATION', 'augmentation preview: give a sample id, or a class to draw one from');
  const filter: SampleFilter = {
    datasetId: request.datasetId,
    classes: [request.classIndex],
    ...(request.snr !== undefined ? { snrMin: request.snr, snrMax: request.snr } : {}),
    ...(split ? { split } : {}),
  };
  const { total } = store.pageSamples(filter, { offset: 0, limit: 0 });
  if (total === 0) throw new AppError('NOT_FOUND', `dataset ${request.datasetId} has no ${split ?? ''} signal of class #${request.classIndex}${request.snr !== undefined ? ` at ${request.snr} dB` : ''}`);
  const offset = createRng(deriveSeed(request.seed, 'preview-original')).int(total);
  return store.pageSamples(filter, { offset, limit: 1 }).rows[0]!.id;
}

export function augmentPreview(store: ProjectStore, request: PreviewRequest): AugmentPreview {
  const dataset = store.getDataset(request.datasetId);
  const split = dataset.split ? 'train' : undefined;
  const sampleId = pickOriginal(store, request, split);
  const original = store.getSample(sampleId);
  if (original.datasetId !== dataset.id) throw new AppError('NOT_FOUND', `sample ${sampleId} is not in dataset ${dataset.id}`);
  if (original.classIndex < 0) throw new AppError('VALIDATION', `sample ${sampleId} is unlabelled: mixing needs a class`);
  const sameSnr = request.spec.mix?.sameSnr ?? true;
  const filter: SampleFilter = {
    datasetId: dataset.id,
    classes: [original.classIndex],
    ...(sameSnr && original.snr !== null ? { snrMin: original.snr, snrMax: original.snr } : {}),
    ...(split ? { split } : {}),
  };
  const first = store.streamBatches(filter, maxGroup, { shuffle: true, seed: deriveSeed(request.seed, 'preview-group') }).next();
  const group: LoadedSamples | null = first.done ? null : first.value;
  const bank = group ?? { x: new Float32Array(0), y: new Int32Array(0), snr: new Float32Array(0), ids: new Int32Array(0), length: dataset.length, count: 0 };
  let k = bank.ids.indexOf(original.id);
  if (k < 0) {
    // the original is outside the drawn group (another split, or beyond maxGroup): it takes slot 0
    if (bank.count === 0) throw new AppError('NOT_FOUND', `sample ${sampleId} has no signal of its class to be mixed with`);
    k = 0;
    bank.x.set(original.iq, 0);
    bank.y[0] = original.classIndex;
    bank.snr[0] = original.snr ?? Number.NaN;
    bank.ids[0] = original.id;
  }
  const augmenter = new Augmenter(bank, request.spec, { measure: true });
  const outcome = augmenter.augment(k, createRng(request.seed));
  const length = dataset.length;
  return {
    datasetId: dataset.id,
    sampleId: original.id,
    className: dataset.classes[original.classIndex] ?? `#${original.classIndex}`,
    snr: original.snr,
    method: describeAugment(request.spec),
    seed: request.seed,
    original: rails(original.iq, length),
    partners: (outcome?.mix?.steps ?? []).map((step) => ({
      sampleId: bank.ids[step.partner]!,
      ...rails(signalAt(bank, step.partner), length),
      segment: step.segment,
      lambda: step.lambda,
      distance: step.distance,
    })),
    result: outcome ? { ...rails(outcome.signal, length), snr: Number.isNaN(outcome.snr) ? null : outcome.snr } : null,
    candidatesExamined: outcome?.mix?.candidates.length ?? 0,
    rf: outcome?.rf ?? null,
    groupSize: bank.count,
  };
}
