// Plain data shapes crossing the IPC boundary. No node:, no DOM, no electron.
import type { ErrorData } from './errors.ts';

export interface AppInfo {
  name: string;
  version: string;
}

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

/** A WebGPU adapter as the backends report shows it. */
export interface GpuAdapterSummary {
  name: string;
  vendor: string;
  architecture: string;
  /** a software rasteriser (SwiftShader, llvmpipe, WARP): correct, but slower than wasm */
  software: boolean;
  /** the adapter's memory where the system reports it (WebGPU itself does not), else null */
  memoryBytes: number | null;
  /** where memoryBytes comes from, or why it is unknown */
  memorySource: string;
  /** the largest buffer the adapter allows */
  maxBufferBytes: number;
}

export interface BackendStatus {
  name: BackendName;
  available: boolean;
  /** why it is unavailable, or what it runs on when available */
  detail: string;
  /** set when the backend works but the ladder passes over it unless it is forced: why */
  passedOver?: string;
  /** the GPU it would run on (webgpu) */
  adapter?: GpuAdapterSummary;
  /** why it is or is not the one used, in the report's words */
  verdict: string;
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
  /** how a derived dataset was made (a distilled set: method, ipc, source …), null for imports */
  origin: string | null;
  /** a derived dataset's parent and what made it from the parent */
  derivedFrom?: { datasetId: number; name: string; method: string } | null;
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
  /** Hz of the stored window, when its import recorded one */
  sampleRate: number | null;
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
  /** unique in the project */
  name: string;
  architecture: string;
  operation: string;
  parentId: number | null;
  datasetId: number | null;
  /** null once the dataset is deleted */
  datasetName: string | null;
  /** epochs trained (or fine-tuned), null when not recorded */
  epochs: number | null;
  /** trainable parameters */
  params: number;
  /** every stored weight, batch-norm running statistics included; null for models stored before it was kept */
  totalParams: number | null;
  macs: number | null;
  sizeBytes: number;
  /** on the model's own test split, measured by the job that made it; never replaced by later evaluations */
  accuracy: number | null;
  createdAt: string;
}

export interface ClassFigures {
  className: string;
  /** null when nothing was predicted as the class */
  precision: number | null;
  /** null when the class had no samples */
  recall: number | null;
  support: number;
}

/** One scoring of a model: its own test split (the headline), or an evaluation record. */
export interface ModelEvaluation {
  modelId: number;
  /** the evaluation record; null for the headline measured by the job that made the model */
  evaluationId: number | null;
  datasetId: number | null;
  datasetName: string | null;
  split: string;
  /** some scored samples were in the model's training data (asked for explicitly) */
  includesTraining: boolean;
  /** dataset class → model class it was scored as; null: the dataset's own classes */
  classMap: Record<string, string | null> | null;
  count: number;
  createdAt: string | null;
  /** the model's classes: the confusion matrix's rows (true) and columns (predicted) */
  classes: string[];
  snrs: number[];
  /** accuracy per SNR, aligned with snrs */
  accuracyBySnr: number[];
  countBySnr: number[];
  /** confusion[true][predicted] counts over every sample */
  confusion: number[][];
  /** per SNR, aligned with snrs */
  confusionBySnr: number[][][];
  perClass: ClassFigures[];
  /** model classes without a scored sample */
  missingClasses: string[];
  /** dataset classes left out (mapped to no model class) */
  unmappedClasses: string[];
  accuracy: number;
}

/** Everything the results view shows of one model. */
export interface ModelResults {
  model: ModelSummary;
  /** per-epoch metrics of the job that trained or fine-tuned it */
  history: Record<string, number>[];
  /** the training recipe, as recorded */
  recipe: { label: string; value: string }[];
  headline: ModelEvaluation | null;
  /** evaluation records, newest first */
  evaluations: ModelEvaluation[];
  /** its ancestors, itself and its descendants */
  lineage: LineageNode[];
  exports: ExportSummary[];
}

/** What an evaluation would score, shown (and edited) before it starts. */
export interface EvaluationPreview {
  modelClasses: string[];
  datasetClasses: string[];
  /** samples per dataset class in the chosen split */
  datasetCounts: number[];
  mapping: Record<string, string | null>;
  split: string;
  includesTraining: boolean;
  samples: number;
  /** why the evaluation would be refused; null when it can start */
  problem: string | null;
}

export interface StoredStudy {
  jobId: number;
  parentId: number;
  createdAt: string;
  rows: number;
}

/** One removable unit (a residual block, a conv stage …) with its importance under a metric. */
export interface UnitScore {
  unit: string;
  score: number;
  params: number;
}

/** Fisher's optimal split of the units into `blocks` contiguous blocks. */
export interface UnitSegmentation {
  blocks: number;
  /** index of each block's first unit, ascending, starting with 0 */
  starts: number[];
  /** within-block sum of squared deviations */
  cost: number;
}

/** What the Pruning page shows of one model before cutting it. */
export interface PruneAnalysis {
  modelId: number;
  metric: string;
  /** in network order */
  units: UnitScore[];
  /** similarity (linear CKA) between the units' outputs, units × units */
  similarity: number[][];
  /** one segmentation per K = 1 … units */
  segmentations: UnitSegmentation[];
  /** the K the cost curve's elbow suggests */
  elbow: number;
  calibrationSamples: number;
}

export interface PruneStudyRow {
  method: string;
  recovery: string;
  ratio: number;
  removed: string[];
  /** trainable parameters */
  params: number;
  /** every stored weight, batch-norm running statistics included; NaN for studies stored before it was kept */
  totalParams: number;
  macs: number;
  sizeBytes: number;
  accuracy: number;
  perSnr: { snr: number; accuracy: number }[];
  /** milliseconds per sample, run one sample at a time (after a warm-up) */
  latencyMsBatch1: number;
  fineTuneSeconds: number;
}

export interface PruneStudy {
  jobId: number;
  parentId: number;
  rows: PruneStudyRow[];
}

export interface ExportBrief {
  id: number;
  format: string;
  path: string;
}

/** A model in the lineage forest: trained → pruned → fine-tuned → exported. */
export interface LineageNode {
  id: number;
  name: string;
  architecture: string;
  parentId: number | null;
  operation: string;
  /** what the operation did, in a few words (method, ratio, recovery …) */
  detail: string;
  accuracy: number | null;
  params: number | null;
  createdAt: string;
  exports: ExportBrief[];
}

export interface AccuracyFiguresView {
  overall: number;
  perSnr: { snr: number; accuracy: number; count: number }[];
  samples: number;
}

export interface FileFiguresView {
  fileBytes: number;
  accuracy: AccuracyFiguresView;
  latency: { batch1: LatencyView; batch64: LatencyView };
}

/** Milliseconds per call: wall clock, and CPU time (absent from reports written before it was kept). */
export interface LatencyView {
  p50Ms: number;
  p95Ms: number;
  cpuP50Ms?: number;
  cpuP95Ms?: number;
}

/** Measured on the exported file itself (see the engine's export report). */
export interface DeploymentReportView {
  model: string;
  /** trainable parameters */
  params: number;
  /** every stored weight; absent from reports written before it was kept */
  totalParams?: number;
  macs: number;
  runtime: string;
  float: FileFiguresView & { parity: { maxAbsDiff: number; samples: number } };
  int8: (FileFiguresView & { accuracyDropPoints: number }) | null;
  createdAt: string;
}

export interface ExportSummary {
  id: number;
  modelId: number | null;
  format: string;
  path: string;
  sizeBytes: number | null;
  createdAt: string;
  report: DeploymentReportView | null;
}

/** Overlaid traces of one component, each `symbolsPerTrace · samplesPerSymbol + 1` long. */
export interface EyeDiagram {
  sampleId: number;
  component: 'i' | 'q';
  samplesPerSymbol: number;
  traces: number[][];
}

/** One point of a distillation's loss curve (L_FD is 0 for DM and the selection methods). */
export interface DistillLossPoint {
  iteration: number;
  lossTime: number;
  lossFrequency: number;
}

/** A distillation job as the Distillation page follows it. */
export interface DistillationView {
  jobId: number;
  status: string;
  sourceDatasetId: number;
  method: string;
  ipc: number;
  alpha: number;
  /** iterations asked (0 for the selection methods) */
  iterations: number;
  /** the curve so far: from the last checkpoint while running, complete once done */
  history: DistillLossPoint[];
  /** the distilled dataset, once written */
  datasetId: number | null;
}

export interface SignalTrace {
  i: number[];
  q: number[];
  /** Welch PSD in dB on the preview's frequency axis */
  psdDb: number[];
}

/** Synthetic signals of one class beside real ones of the same class from the source's train split. */
export interface DistillPreview {
  datasetId: number;
  sourceDatasetId: number;
  method: string;
  classIndex: number;
  className: string;
  /** cycles/sample, −0.5 … 0.5 */
  frequency: number[];
  synthetic: SignalTrace[];
  real: SignalTrace[];
  /** mean PSD (dB) over every synthetic signal of the class and over up to 256 real ones */
  meanPsdDb: { synthetic: number[]; real: number[] };
  /** Hz of the source dataset's windows, when its import recorded one */
  sampleRate: number | null;
}

/** One row of the results table: a set × an evaluation architecture. */
export interface DistillResultRow {
  jobId: number;
  datasetId: number;
  datasetName: string;
  /** mdm, dm, random, herding, kcenter — or 'whole set' for the upper bound */
  method: string;
  /** null for the whole set */
  ipc: number | null;
  perSnr: boolean;
  arch: string;
  /** the evaluation networks trained on randomly rotated, shifted and scaled copies */
  augmentedTraining: boolean;
  trainCount: number;
  mean: number;
  std: number;
  runs: number[];
  bySnr: { snr: number; mean: number; std: number }[];
  createdAt: string;
}

/** One visibility graph (natural or horizontal) of one series of a sample. */
export interface VisibilityGraphView {
  series: 'i' | 'q';
  kind: 'natural' | 'horizontal';
  /** edges as flattened pairs (i, j) with i < j */
  edges: number[];
  /** degreeCounts[k]: how many nodes have degree k */
  degreeCounts: number[];
}

/** A trained AVGNet's adaptive visibility graphs of one sample (or their mean over a class). */
export interface LearnedAdjacency {
  modelId: number;
  modelName: string;
  /** m: edges join steps at most m apart */
  diagonals: number;
  length: number;
  /** the I graph's band [length][2m + 1]: entry (t, o + m) weighs edge (t, t + o) */
  i: number[];
  /** the Q graph's band, laid out as i */
  q: number[];
}

export interface SampleGraphs {
  sampleId: number;
  length: number;
  graphs: VisibilityGraphView[];
  /** present when a model was asked for */
  learned: LearnedAdjacency | null;
}

export interface ClassAdjacency extends LearnedAdjacency {
  classIndex: number;
  className: string;
  /** samples averaged */
  samples: number;
}
