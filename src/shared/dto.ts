// Plain data shapes crossing the IPC boundary. No node:, no DOM, no electron.
import type { ErrorData } from './errors.ts';

export interface AppInfo {
  name: string;
  version: string;
}

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

export interface BackendStatus {
  name: BackendName;
  available: boolean;
  /** why it is unavailable, or what it runs on when available */
  detail: string;
}

export interface BackendReport {
  backends: BackendStatus[];
  chosen: BackendName;
  forced: boolean;
}

export interface ProjectInfo {
  path: string;
  schemaVersion: number;
  sizeBytes: number;
  datasets: number;
  samples: number;
  models: number;
}

export interface DatasetSummary {
  id: number;
  name: string;
  kind: string;
  format: string;
  sourcePath: string | null;
  length: number;
  count: number;
  classes: string[];
  snrs: number[];
  /** counts[classIndex][snrIndex], aligned with classes and snrs */
  counts: number[][];
  createdAt: string;
}

export interface JobProgress {
  jobId: number;
  kind: string;
  phase: string;
  done: number;
  total: number;
  metrics?: Record<string, number>;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  message?: string;
}

export type SplitName = 'train' | 'val' | 'test' | 'unassigned';

/** One row of the sample table. */
export interface SampleRow {
  id: number;
  classIndex: number;
  className: string;
  snr: number | null;
  split: SplitName;
  sourceOffset: number;
}

export interface SamplePage {
  /** rows matching the filter, over all pages */
  total: number;
  offset: number;
  rows: SampleRow[];
}

/** One sample prepared for the sample viewer: the raw rows plus the engine's derived views. */
export interface SampleView {
  id: number;
  datasetId: number;
  classIndex: number;
  className: string;
  snr: number | null;
  split: SplitName;
  length: number;
  i: number[];
  q: number[];
  amplitude: number[];
  /** radians, unwrapped */
  phase: number[];
  /** power spectral density, centred on DC; frequency in cycles/sample (−0.5…0.5) */
  psd: { frequency: number[]; db: number[] };
}

/** A 2-D histogram of I/Q points: counts row-major [row = Q bin][column = I bin]. */
export interface DensityGrid {
  classIndex: number;
  className: string;
  snr: number;
  bins: number;
  /** the grid spans −extent…extent on both axes */
  extent: number;
  counts: number[];
  samples: number;
}

export interface DensityMosaic {
  classes: string[];
  snrs: number[];
  /** cells[classRow][snrColumn] */
  cells: DensityGrid[][];
}

export interface ImportResult {
  dataset: DatasetSummary;
  warnings: string[];
}

export interface ImporterSummary {
  id: string;
  label: string;
  extensions: string[];
}

export interface JobSummary {
  id: number;
  kind: string;
  status: JobProgress['status'];
  phase: string;
  done: number;
  total: number;
  message: string | null;
  createdAt: string;
  params: Record<string, unknown>;
}

export interface JobDetail extends JobSummary {
  log: string[];
  /** per-epoch metrics of a training job, in order */
  history: Record<string, number>[];
  /** the model the job produced, once it has */
  modelId: number | null;
  error: ErrorData | null;
}

export interface ModelArchitecture {
  id: string;
  label: string;
}

export interface ModelSummary {
  id: number;
  name: string;
  architecture: string;
  datasetId: number | null;
  params: number;
  macs: number | null;
  sizeBytes: number;
  accuracy: number | null;
  createdAt: string;
}

export interface ModelEvaluation {
  modelId: number;
  classes: string[];
  snrs: number[];
  /** accuracy per SNR, aligned with snrs */
  accuracyBySnr: number[];
  /** confusion[true][predicted] counts */
  confusion: number[][];
  accuracy: number;
}
