// Sample table pages, single samples with their derived views, and density constellations:
// all computed here so the renderer only receives small arrays.
import type { ChannelArg } from '../../../../shared/contract.ts';
import type { DensityGrid, DensityMosaic, SamplePage, SampleView } from '../../../../shared/dto.ts';
import { AppError } from '../../../../shared/errors.ts';
import { constellationDensity } from '../../dsp/constellation.ts';
import { instantaneousAmplitude, instantaneousPhaseRad } from '../../dsp/instantaneous.ts';
import { welchPsd } from '../../dsp/psd.ts';
import { windowSampleRate } from '../../io/window-sample-rate.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { DatasetInfo, SampleFilter } from '../../store/types.ts';

/** Seed of the sample subset a density is drawn from, so the same cell always looks the same. */
const densitySeed = 1;

function unlabelled(name: string | null): string {
  return name ?? 'unlabelled';
}

export function pageSamples(store: ProjectStore, arg: ChannelArg<'pageSamples'>): SamplePage {
  const filter: SampleFilter = {
    datasetId: arg.datasetId,
    ...(arg.classes ? { classes: arg.classes } : {}),
    ...(arg.snrMin !== undefined ? { snrMin: arg.snrMin } : {}),
    ...(arg.snrMax !== undefined ? { snrMax: arg.snrMax } : {}),
    ...(arg.split ? { split: arg.split } : {}),
  };
  const page = store.pageSamples(filter, { offset: arg.offset, limit: arg.limit });
  return {
    total: page.total,
    offset: arg.offset,
    rows: page.rows.map((r) => ({ id: r.id, classIndex: r.classIndex, className: unlabelled(r.className), snr: r.snr, split: r.split, sourceOffset: r.sourceOffset })),
  };
}

export function sampleView(store: ProjectStore, arg: ChannelArg<'getSample'>): SampleView {
  const s = store.getSample(arg.sampleId);
  if (s.datasetId !== arg.datasetId) throw new AppError('NOT_FOUND', `sample ${arg.sampleId} is not in dataset ${arg.datasetId}`);
  const i = s.iq.subarray(0, s.length);
  const q = s.iq.subarray(s.length);
  const spectrum = welchPsd(i, q, { nfft: Math.min(s.length, 256) });
  return {
    id: s.id,
    datasetId: s.datasetId,
    classIndex: s.classIndex,
    className: unlabelled(s.className),
    snr: s.snr,
    split: s.split,
    length: s.length,
    i: Array.from(i),
    q: Array.from(q),
    amplitude: Array.from(instantaneousAmplitude(i, q)),
    phase: Array.from(instantaneousPhaseRad(i, q)),
    psd: { frequency: Array.from(spectrum.freqHz), db: Array.from(spectrum.psdDb) },
    sampleRate: windowSampleRate(store.getDataset(s.datasetId).params, s.classIndex >= 0),
  };
}

function classOf(info: DatasetInfo, classIndex: number): string {
  const name = info.classes[classIndex];
  if (name === undefined) throw new AppError('NOT_FOUND', `dataset ${info.id} has no class #${classIndex} (it has ${info.classes.length})`);
  return name;
}

/** A seeded subset of up to maxSamples vectors of one class at one SNR, as [n][2][L]. */
function cellSamples(store: ProjectStore, info: DatasetInfo, classIndex: number, snr: number, maxSamples: number): { x: Float32Array; count: number } {
  const filter: SampleFilter = { datasetId: info.id, classes: [classIndex], snrMin: snr, snrMax: snr };
  const bytesPerSample = 2 * info.length * 4;
  const batches = store.streamBatches(filter, maxSamples, { seed: densitySeed, shuffle: true, bufferBytes: maxSamples * bytesPerSample });
  const first = batches.next();
  batches.return(undefined);
  if (first.done) return { x: new Float32Array(0), count: 0 };
  return { x: first.value.x, count: first.value.count };
}

function densityOf(info: DatasetInfo, classIndex: number, snr: number, cell: { x: Float32Array; count: number }, bins: number): DensityGrid {
  const className = classOf(info, classIndex);
  if (cell.count === 0) return { classIndex, className, snr, bins, extent: 1, counts: new Array<number>(bins * bins).fill(0), samples: 0 };
  const d = constellationDensity(cell.x, info.length, { bins });
  return { classIndex, className, snr, bins, extent: d.extent, counts: Array.from(d.counts), samples: cell.count };
}

export function density(store: ProjectStore, arg: ChannelArg<'getDensity'>): DensityGrid {
  const info = store.getDataset(arg.datasetId);
  classOf(info, arg.classIndex);
  return densityOf(info, arg.classIndex, arg.snr, cellSamples(store, info, arg.classIndex, arg.snr, arg.maxSamples), arg.bins);
}

export function densityMosaic(store: ProjectStore, arg: ChannelArg<'getDensityMosaic'>): DensityMosaic {
  const info = store.getDataset(arg.datasetId);
  const classes = arg.classes ?? info.classes.map((_, k) => k);
  const snrs = arg.snrs ?? info.snrs;
  const cells = classes.map((ci) => snrs.map((snr) => densityOf(info, ci, snr, cellSamples(store, info, ci, snr, arg.maxSamples), arg.bins)));
  return { classes: classes.map((ci) => classOf(info, ci)), snrs, cells };
}
