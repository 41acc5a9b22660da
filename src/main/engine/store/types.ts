// The store's public shapes, shared by importers, generators, jobs and the UI handlers.
// Sample tensors are float32, laid out per sample as [2][L]: row 0 = I, row 1 = Q.

export type DatasetKind = 'imported' | 'generated' | 'distilled' | 'augmented' | 'labelled';
export type Split = 'train' | 'val' | 'test' | 'unassigned';

export interface DatasetDraft {
  name: string;
  kind: DatasetKind;
  /** importer or generator id, e.g. 'rml-pickle', 'rml2018-hdf5', 'sigmf', 'raw-iq', 'npy', 'synthetic' */
  format: string;
  /** absolute path of the source file, null for generated data */
  sourcePath: string | null;
  /** sha256 hex of the source bytes (imports) or of the generator config (generated) */
  sourceHash: string;
  /** samples per channel row (128 for RML2016, 1024 for RML2018) */
  length: number;
  /** importer/generator parameters and detected facts (variant, protocol, sample rate, seed, …) */
  params: Record<string, unknown>;
  /** the split the samples' own split fields follow (a derived dataset keeps its parent's) */
  split?: SplitConfig | null;
}

export interface SampleMeta {
  classIndex: number; // index into the dataset's classes, -1 = unlabelled
  snr: number | null; // dB, null when unknown
  sourceOffset: number; // position in the source (vector index, or sample offset for captures)
  annotationId?: number | null;
  /** default 'unassigned'; a derived dataset carries its parent's split */
  split?: Split;
}

export interface DatasetCommitOptions {
  /**
   * Asked inside the transaction that would publish the dataset: a dataset returned here is
   * returned instead, and the one written is dropped (an import that another process finished first).
   */
  unlessPresent?: () => DatasetInfo | undefined;
}

/**
 * Writes one dataset: nothing is visible to other connections until commit(); abort() (or a
 * crash, tidied at the next open) leaves the project as it was.
 */
export interface DatasetWriter {
  /** The id of the dataset being written (its row exists, hidden, until commit or abort). */
  readonly datasetId?: number;
  /** Index of a class name, registering it on first use (order of first appearance). */
  classIndex(name: string): number;
  /** Append n samples: data holds n·2·length float32 values, meta holds n entries. */
  append(data: Float32Array, meta: SampleMeta[]): void;
  /** Optional recording bookkeeping for captures (SigMF). Returns the recording id. */
  addRecording?(r: RecordingDraft): number;
  /** Optional recording/annotation bookkeeping for captures (SigMF). Returns the annotation id. */
  addAnnotation?(a: {
    sampleStart: number;
    sampleCount: number;
    label: string | null;
    extra?: Record<string, unknown>;
    /** recording the annotation belongs to (an id returned by addRecording) */
    recordingId?: number | null;
  }): number;
  readonly count: number;
  /** the content hash of what was appended so far (see DatasetInfo.contentHash); writers that store nothing may lack it */
  readonly contentHash?: string;
  commit(options?: DatasetCommitOptions): DatasetInfo;
  abort(): void;
}

export interface RecordingDraft {
  sourcePath: string | null;
  /** SigMF core:datatype, e.g. 'cf32_le' */
  datatype: string | null;
  sampleRate: number | null; // Hz
  centerFrequency: number | null; // Hz
  meta?: Record<string, unknown>;
}

/** How a dataset was split: fractions sum to 1; stratified by class × SNR with this seed. */
export interface SplitConfig {
  train: number;
  val: number;
  test: number;
  seed: number;
}

export interface DatasetInfo {
  id: number;
  name: string;
  kind: DatasetKind;
  format: string;
  sourcePath: string | null;
  sourceHash: string;
  length: number;
  count: number;
  classes: string[];
  snrs: number[];
  params: Record<string, unknown>;
  createdAt: string;
  /** the split last assigned with assignSplits, null when never split */
  split?: SplitConfig | null;
  /** hash of the decoded samples with their labels, whatever file they came from; null for datasets stored before it was kept */
  contentHash?: string | null;
}

export interface SampleFilter {
  datasetId: number;
  classes?: number[];
  snrMin?: number;
  snrMax?: number;
  split?: Split;
  annotationLabel?: string;
  /** at most `max` samples of each class × SNR cell of the rest of the selection, drawn with the seed */
  perCell?: { max: number; seed: number };
}

/** A selection loaded for training: x is contiguous [n][2][length]. */
export interface LoadedSamples {
  x: Float32Array;
  y: Int32Array;
  snr: Float32Array; // NaN where unknown
  ids: Int32Array; // sample ids (row ids) for traceability
  length: number;
  count: number;
}
