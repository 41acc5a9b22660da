// Writes a stored dataset (a distilled one, typically) as files other tools read: an .npz as
// numpy.savez writes it (X float32 (N, 2, L), Y int32 labels, snr float32 with NaN where
// unknown, classes) or an RML-style pickle {(modulation, snr): float32 (N, 2, L)}. Written under
// a temporary name and renamed, so a failed export leaves no half-written file.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { LoadedSamples, Split } from '../../store/types.ts';
import { float32Npy, int32Npy, unicodeNpy } from './npy-bytes.ts';
import { rmlPickleBytes, type RmlKeyArray } from './rml-pickle-writer.ts';
import { storedZip } from './zip-writer.ts';

export const datasetExportFormats = ['npz', 'rml-pickle'] as const;
export type DatasetExportFormat = (typeof datasetExportFormats)[number];

export interface ExportDatasetOptions {
  datasetId: number;
  format: DatasetExportFormat;
  outPath: string;
  /** one split only; default every sample */
  split?: Split;
  overwrite?: boolean;
  /** RML keys need an SNR: the dB written for signals that have none (e.g. a per-class distilled set) */
  unknownSnr?: number;
}

export interface ExportDatasetResult {
  path: string;
  bytes: number;
  count: number;
}

/** What one process may hold to write a file in one piece. */
const MAX_EXPORT_BYTES = 2 ** 31;

function npzBytes(samples: LoadedSamples, classes: string[]): Buffer {
  return storedZip([
    { name: 'X.npy', data: float32Npy(samples.x, [samples.count, 2, samples.length]) },
    { name: 'Y.npy', data: int32Npy(samples.y) },
    { name: 'snr.npy', data: float32Npy(samples.snr, [samples.count]) },
    { name: 'classes.npy', data: unicodeNpy(classes) },
  ]);
}

function rmlKeys(samples: LoadedSamples, classes: string[], unknownSnr: number | undefined, where: string): RmlKeyArray[] {
  const per = 2 * samples.length;
  const keys = new Map<string, { modulation: string; snr: number; rows: number[] }>();
  for (let i = 0; i < samples.count; i++) {
    const label = samples.y[i]!;
    const modulation = classes[label];
    if (modulation === undefined) throw new AppError('VALIDATION', `${where}: sample ${samples.ids[i]} has no class; an RML pickle keys every array by modulation`);
    let snr = samples.snr[i]!;
    if (Number.isNaN(snr)) {
      if (unknownSnr === undefined) throw new AppError('VALIDATION', `${where}: sample ${samples.ids[i]} has no SNR and RML keys need one; give the SNR to write for such signals, or export .npz`);
      snr = unknownSnr;
    }
    if (!Number.isInteger(snr)) throw new AppError('VALIDATION', `${where}: sample ${samples.ids[i]} has SNR ${snr} dB; RML keys hold whole dB`);
    const id = `${label}\u0000${snr}`;
    let k = keys.get(id);
    if (!k) keys.set(id, (k = { modulation, snr, rows: [] }));
    k.rows.push(i);
  }
  return [...keys.values()].map((k) => {
    const x = new Float32Array(k.rows.length * per);
    k.rows.forEach((r, j) => x.set(samples.x.subarray(r * per, (r + 1) * per), j * per));
    return { modulation: k.modulation, snr: k.snr, x, count: k.rows.length, length: samples.length };
  });
}

export function exportDataset(store: ProjectStore, opts: ExportDatasetOptions): ExportDatasetResult {
  if (!(datasetExportFormats as readonly string[]).includes(opts.format)) {
    throw new AppError('VALIDATION', `dataset export format must be one of ${datasetExportFormats.join(', ')}, got '${opts.format}'`);
  }
  const info = store.getDataset(opts.datasetId);
  const out = path.resolve(opts.outPath);
  const folder = path.dirname(out);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new AppError('VALIDATION', `${out}: the folder ${folder} does not exist`);
  if (existsSync(out) && !opts.overwrite) throw new AppError('VALIDATION', `${out}: already exists; choose a new name or allow overwriting`);
  const where = `dataset ${info.id} (“${info.name}”)`;
  const bytesNeeded = info.count * 2 * info.length * 4;
  if (bytesNeeded > MAX_EXPORT_BYTES) throw new AppError('UNSUPPORTED', `${where}: ${(bytesNeeded / 2 ** 30).toFixed(1)} GiB of signals; this export writes files up to 2 GiB`);
  const samples = store.loadSamples({ datasetId: info.id, ...(opts.split ? { split: opts.split } : {}) });
  if (samples.count === 0) throw new AppError('VALIDATION', `${where}: no samples${opts.split ? ` in the ${opts.split} split` : ''} to export`);
  const bytes = opts.format === 'npz' ? npzBytes(samples, info.classes) : rmlPickleBytes(rmlKeys(samples, info.classes, opts.unknownSnr, where));
  const temp = path.join(folder, `.${path.basename(out)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, out);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  return { path: out, bytes: bytes.length, count: samples.count };
}
