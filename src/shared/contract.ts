// The IPC contract: each channel's argument schema (validated in main before any engine code
// runs) and its result type. Main, preload and renderer all take their types from here.
import { z } from 'zod';
import { augmentSpecSchema, type AugmentPreview } from './augment.ts';
import type { ChannelName, DialogChannelName, EventName } from './channels.ts';
import { datasetExportFormatNames, distillAugmentNames, distillMethodNames } from './distillation.ts';
import type { ClusterCollectSummary, ClusterJobSummary } from './cluster-jobs.ts';
import type { ClusterCardView, ClusterRunBrief, ClusterRunView } from './clustering.ts';
import { clusterTransfers } from './clustering.ts';
import { exportFormatNames, pruneMethodNames, recoveryPattern, selectionMetricNames } from './pruning.ts';
import type {
  AppInfo,
  BackendReport,
  ClassAdjacency,
  DatasetSummary,
  DensityGrid,
  DensityMosaic,
  DistillationView,
  DistillPreview,
  DistillResultRow,
  EyeDiagram,
  ExportSummary,
  ImporterSummary,
  ImportResult,
  JobDetail,
  JobProgress,
  JobSummary,
  EvaluationPreview,
  LineageNode,
  ModelArchitecture,
  ModelEvaluation,
  ModelResults,
  ModelSummary,
  ProjectInfo,
  PruneAnalysis,
  PruneStudy,
  SampleGraphs,
  SamplePage,
  SampleView,
  StoredStudy,
} from './dto.ts';

/** A channel: the zod schema of its argument plus a phantom result type. */
interface Channel<S extends z.ZodType, R> {
  input: S;
  result?: R; // type-level only
}
function channel<R>() {
  return <S extends z.ZodType>(input: S): Channel<S, R> => ({ input });
}

const empty = z.object({}).strict();
const id = z.number().int().nonnegative();
const snr = z.number().int().min(-100).max(100);
const split = z.enum(['train', 'val', 'test', 'unassigned']);
const recovery = z.string().regex(recoveryPattern, 'none, full, partial-K or lora');
const seed = z.number().int().nonnegative();

const className = z.string().min(1).max(200);
const evaluationRequest = z
  .object({
    modelId: id,
    datasetId: id,
    split: z.enum(['train', 'val', 'test', 'all']).optional(),
    /** dataset class → model class, null to leave it out; classes not named are matched by name */
    classMap: z.record(className, className.nullable()).optional(),
    includeTrainingSamples: z.boolean().optional(),
  })
  .strict();
// Values that end up on #SBATCH lines or as ssh's destination: plain words, never an option.
const slurmWord = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:,+=@%/-]+$/, 'letters, digits and _.:,+=@%/- only');
const sshDestination = z.string().min(1).max(255).regex(/^[A-Za-z0-9_.@-]+$/, 'user@host').refine((s) => !s.startsWith('-'), 'must not start with -');
const studyWork = {
  modelId: id,
  methods: z.array(z.enum(pruneMethodNames)).min(1).max(pruneMethodNames.length),
  recoveries: z.array(recovery).min(1).max(8),
  ratio: z.number().min(0).lt(1),
  epochs: z.number().int().min(1).max(1000),
  batchSize: z.number().int().min(1).max(4096).optional(),
  seed: seed.optional(),
};
/** Train on part of a dataset: an SNR range, some classes, at most N signals per class × SNR (seeded). */
const trainingSubset = z
  .object({
    snrMin: snr.optional(),
    snrMax: snr.optional(),
    classes: z.array(z.number().int().nonnegative()).min(1).max(1000).optional(),
    perCell: z.number().int().min(1).max(1_000_000).optional(),
    /** draws the per-cell signals; the training seed when absent */
    seed: seed.optional(),
  })
  .strict();
const trainingWork = {
  datasetId: id,
  architecture: z.string().min(1).max(64),
  epochs: z.number().int().min(1).max(1000),
  batchSize: z.number().int().min(1).max(4096),
  learningRate: z.number().positive().max(1),
  backend: z.enum(['tensorflow', 'webgpu', 'wasm', 'cpu']).optional(),
  seed: seed.optional(),
  /** compute threads; every core (up to 8) when absent */
  threads: z.number().int().min(1).max(64).optional(),
  /** online augmentation, recorded with the model */
  augment: augmentSpecSchema.optional(),
  subset: trainingSubset.optional(),
};
const clusterTarget = z
  .object({
    workdir: z.string().min(1).max(4096),
    partition: slurmWord.optional(),
    gres: slurmWord.optional(),
    time: slurmWord.optional(),
    mem: slurmWord.optional(),
    account: slurmWord.optional(),
    cpus: z.number().int().min(1).max(256).optional(),
    maxParallel: z.number().int().min(1).max(10_000).optional(),
    ssh: sshDestination.optional(),
    amrStudio: z.string().min(1).max(1000).optional(),
  })
  .strict();
const clusterJobId = z.object({ clusterJobId: id }).strict();

/** The largest page the sample table may ask for: keeps each IPC message small. */
export const maxPageRows = 1000;

export const contract = {
  getAppInfo: channel<AppInfo>()(empty),
  getBackends: channel<BackendReport>()(empty),
  getProjectInfo: channel<ProjectInfo>()(empty),
  listDatasets: channel<DatasetSummary[]>()(empty),
  listImporters: channel<ImporterSummary[]>()(empty),
  importDataset: channel<ImportResult>()(
    z
      .object({
        path: z.string().min(1).max(4096),
        format: z.string().min(1).max(64).optional(),
        name: z.string().min(1).max(200).optional(),
        options: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
  ),
  pageSamples: channel<SamplePage>()(
    z
      .object({
        datasetId: id,
        offset: z.number().int().nonnegative(),
        limit: z.number().int().min(1).max(maxPageRows),
        classes: z.array(z.number().int().nonnegative()).max(1000).optional(),
        snrMin: snr.optional(),
        snrMax: snr.optional(),
        split: split.optional(),
      })
      .strict(),
  ),
  getSample: channel<SampleView>()(z.object({ datasetId: id, sampleId: id }).strict()),
  getDensity: channel<DensityGrid>()(
    z
      .object({
        datasetId: id,
        classIndex: z.number().int().nonnegative(),
        snr,
        bins: z.number().int().min(8).max(256).default(64),
        maxSamples: z.number().int().min(1).max(20000).default(1000),
      })
      .strict(),
  ),
  getDensityMosaic: channel<DensityMosaic>()(
    z
      .object({
        datasetId: id,
        classes: z.array(z.number().int().nonnegative()).max(64).optional(),
        snrs: z.array(snr).max(64).optional(),
        bins: z.number().int().min(8).max(64).default(24),
        maxSamples: z.number().int().min(1).max(2000).default(100),
      })
      .strict(),
  ),
  listArchitectures: channel<ModelArchitecture[]>()(empty),
  startTraining: channel<{ jobId: number }>()(z.object(trainingWork).strict()),
  /** one augmented signal as training would make it: original, partners, result */
  previewAugmentation: channel<AugmentPreview>()(
    z
      .object({
        datasetId: id,
        spec: augmentSpecSchema,
        seed: seed.default(0),
        sampleId: id.optional(),
        classIndex: z.number().int().nonnegative().optional(),
        snr: snr.optional(),
      })
      .strict(),
  ),
  /** writes a derived dataset (kind 'augmented') in a job */
  startAugment: channel<{ jobId: number }>()(
    z
      .object({
        datasetId: id,
        spec: augmentSpecSchema,
        seed: seed.optional(),
        name: z.string().min(1).max(200).optional(),
        includeOriginals: z.boolean().optional(),
      })
      .strict(),
  ),
  listJobs: channel<JobSummary[]>()(empty),
  getJob: channel<JobDetail>()(z.object({ jobId: id }).strict()),
  cancelJob: channel<{ cancelled: boolean }>()(z.object({ jobId: id }).strict()),
  listModels: channel<ModelSummary[]>()(empty),
  getModelEvaluation: channel<ModelEvaluation | null>()(z.object({ modelId: id }).strict()),
  getEyeDiagram: channel<EyeDiagram>()(
    z
      .object({
        datasetId: id,
        sampleId: id,
        component: z.enum(['i', 'q']).default('i'),
        samplesPerSymbol: z.number().int().min(1).max(64).default(8),
        symbolsPerTrace: z.number().int().min(1).max(8).default(2),
        maxTraces: z.number().int().min(1).max(500).default(200),
      })
      .strict(),
  ),
  /** natural and horizontal visibility graphs of the sample's I and Q; with modelId (an AVGNet), its learned graphs too */
  getSampleGraphs: channel<SampleGraphs>()(z.object({ datasetId: id, sampleId: id, modelId: id.optional() }).strict()),
  /** an AVGNet's learned graphs averaged over (up to maxSamples) samples of one class */
  getClassAdjacency: channel<ClassAdjacency>()(
    z
      .object({
        modelId: id,
        datasetId: id,
        classIndex: z.number().int().nonnegative(),
        snrMin: snr.optional(),
        maxSamples: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
  ),
  startPruneAnalysis: channel<{ jobId: number }>()(
    z
      .object({
        modelId: id,
        metric: z.enum(selectionMetricNames),
        seed: seed.optional(),
        calibrationSamples: z.number().int().min(2).max(4096).optional(),
      })
      .strict(),
  ),
  /** null until the job has finished */
  getPruneAnalysis: channel<PruneAnalysis | null>()(z.object({ jobId: id }).strict()),
  startPrune: channel<{ jobId: number }>()(
    z
      .object({
        modelId: id,
        method: z.enum(pruneMethodNames),
        ratio: z.number().min(0).lt(1),
        recovery,
        epochs: z.number().int().min(1).max(1000),
        blocks: z.number().int().min(1).max(256).optional(),
        batchSize: z.number().int().min(1).max(4096).optional(),
        seed: seed.optional(),
      })
      .strict(),
  ),
  startPruneStudy: channel<{ jobId: number }>()(z.object(studyWork).strict()),
  /** null until the job has finished */
  getPruneStudy: channel<PruneStudy | null>()(z.object({ jobId: id }).strict()),
  getLineage: channel<LineageNode[]>()(empty),
  startExport: channel<{ jobId: number }>()(
    z
      .object({
        modelId: id,
        format: z.enum(exportFormatNames),
        outPath: z.string().min(1).max(4096),
        calibrationSamples: z.number().int().min(1).max(100_000).optional(),
        overwrite: z.boolean().optional(),
      })
      .strict(),
  ),
  /** null until the export job has finished */
  getExportResult: channel<ExportSummary | null>()(z.object({ jobId: id }).strict()),
  listExports: channel<ExportSummary[]>()(z.object({ modelId: id }).strict()),
  startDistill: channel<{ jobId: number }>()(
    z
      .object({
        datasetId: id,
        method: z.enum(distillMethodNames),
        ipc: z.number().int().min(1).max(10_000),
        alpha: z.number().min(0).max(1000).optional(),
        iterations: z.number().int().min(1).max(1_000_000).optional(),
        /** a zoo architecture or 'convnet', the matching network of the papers */
        embedder: z.string().min(1).max(64).optional(),
        /** convnet width (filters per convolution) */
        width: z.number().int().min(1).max(1024).optional(),
        perSnr: z.boolean().optional(),
        frequency: z.enum(['complex', 'per-rail']).optional(),
        /** 'iq': one random phase rotation, circular shift and gain per iteration on both sides of the matching; 'orbit': S as the mean of its transformed copies; absent: the method's default (defaultDistillAugment) */
        augment: z.enum(distillAugmentNames).optional(),
        init: z.enum(['real', 'noise']).optional(),
        preset: z.enum(['cpu', 'reference']).optional(),
        seed: seed.optional(),
      })
      .strict(),
  ),
  getDistillation: channel<DistillationView>()(z.object({ jobId: id }).strict()),
  getDistillPreview: channel<DistillPreview>()(
    z
      .object({
        datasetId: id,
        classIndex: z.number().int().nonnegative(),
        maxSignals: z.number().int().min(1).max(16).default(4),
      })
      .strict(),
  ),
  startDistillEval: channel<{ jobId: number }>()(
    z
      .object({
        datasetId: id,
        models: z.array(z.string().min(1).max(64)).min(1).max(16),
        runs: z.number().int().min(1).max(100).optional(),
        epochs: z.number().int().min(1).max(10_000).optional(),
        /** 'iq': each training signal randomly phase-rotated, shifted and scaled per batch */
        augment: z.enum(['none', 'iq']).optional(),
        seed: seed.optional(),
      })
      .strict(),
  ),
  listDistillResults: channel<DistillResultRow[]>()(empty),
  startDatasetExport: channel<{ jobId: number }>()(
    z
      .object({
        datasetId: id,
        format: z.enum(datasetExportFormatNames),
        outPath: z.string().min(1).max(4096),
        overwrite: z.boolean().optional(),
        unknownSnr: z.number().int().min(-100).max(100).optional(),
      })
      .strict(),
  ),
  getModelResults: channel<ModelResults>()(z.object({ modelId: id }).strict()),
  previewEvaluation: channel<EvaluationPreview>()(evaluationRequest),
  startEvaluation: channel<{ jobId: number }>()(evaluationRequest),
  /** continues a failed or cancelled job (training: from its last checkpoint) */
  resumeJob: channel<{ jobId: number }>()(z.object({ jobId: id }).strict()),
  /** finished pruning studies, newest first; of one model when given */
  listPruneStudies: channel<StoredStudy[]>()(z.object({ modelId: id.optional() }).strict()),
  listClusterJobs: channel<ClusterJobSummary[]>()(empty),
  /** bundles the work, submits it to Slurm as an array job (one task per study cell or seed) and records it */
  submitToCluster: channel<ClusterJobSummary>()(
    z
      .object({
        work: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('prune-study'), ...studyWork }).strict(),
          z.object({ kind: z.literal('train'), ...trainingWork, seeds: z.array(seed).min(1).max(256).optional() }).strict(),
        ]),
        target: clusterTarget,
      })
      .strict(),
  ),
  /** asks Slurm where the tasks stand and records it */
  refreshClusterJob: channel<ClusterJobSummary>()(clusterJobId),
  /** merges finished tasks' results (each once), reports failed and missing tasks */
  collectClusterJob: channel<ClusterCollectSummary>()(clusterJobId),
  cancelClusterJob: channel<ClusterJobSummary>()(z.object({ clusterJobId: id, task: z.number().int().nonnegative().optional() }).strict()),
  startClustering: channel<{ jobId: number }>()(
    z
      .object({
        targetDatasetId: id,
        /** labelled dataset the encoder is pre-trained on; needed unless transfer is 'none' */
        sourceDatasetId: id.optional(),
        /** number of clusters; absent with estimateK */
        k: z.number().int().min(2).max(256).optional(),
        /** estimate K by the silhouette over this range on the transferred embedding */
        estimateK: z.object({ min: z.number().int().min(2).max(256), max: z.number().int().min(2).max(256) }).strict().optional(),
        transfer: z.enum(clusterTransfers).optional(),
        encoder: z.string().min(1).max(64).optional(),
        pretrainEpochs: z.number().int().min(1).max(1000).optional(),
        snrMin: snr.optional(),
        snrMax: snr.optional(),
        name: z.string().min(1).max(200).optional(),
        seed: seed.optional(),
      })
      .strict(),
  ),
  listClusterRuns: channel<ClusterRunBrief[]>()(z.object({ targetDatasetId: id.optional() }).strict()),
  getClusterRun: channel<ClusterRunView>()(z.object({ runId: id }).strict()),
  getClusterCards: channel<ClusterCardView[]>()(
    z
      .object({
        runId: id,
        bins: z.number().int().min(8).max(128).default(32),
        maxSamples: z.number().int().min(1).max(2000).default(200),
      })
      .strict(),
  ),
  nameClusters: channel<ClusterRunView>()(
    z.object({ runId: id, names: z.record(z.string().regex(/^\d+$/, 'a cluster number'), z.string().max(64)) }).strict(),
  ),
  mergeClusters: channel<ClusterRunView>()(z.object({ runId: id, from: id, into: id }).strict()),
  splitCluster: channel<ClusterRunView>()(z.object({ runId: id, cluster: id, seed: seed.optional() }).strict()),
  /** writes the named clusters as a new labelled dataset */
  writeLabelledDataset: channel<DatasetSummary>()(z.object({ runId: id, name: z.string().min(1).max(200).optional() }).strict()),
} satisfies Record<ChannelName, Channel<z.ZodType, unknown>>;

export type Contract = typeof contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelArg<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelResult<C extends ChannelName> = Exclude<Contract[C]['result'], undefined>;

/**
 * What a native dialog grants a path for: reading one file, writing into one folder, writing one
 * new file or folder, running one program.
 */
export const pathPurposes = ['open-file', 'open-folder', 'save', 'run'] as const;
export type PathPurpose = (typeof pathPurposes)[number];

export interface PathArgument {
  /** the argument's field, as named in an error */
  field: string;
  path: string;
  purpose: PathPurpose;
}

/**
 * The local paths each channel's (parsed) argument names, with the grant each needs. The shell
 * refuses a call whose path no dialog of the calling window granted; the CLI passes paths freely.
 */
export const pathArguments: { [C in ChannelName]?: (arg: ChannelArg<C>) => PathArgument[] } = {
  importDataset: (arg) => [{ field: 'path', path: arg.path, purpose: 'open-file' }],
  startExport: (arg) => [{ field: 'outPath', path: arg.outPath, purpose: 'save' }],
  startDatasetExport: (arg) => [{ field: 'outPath', path: arg.outPath, purpose: 'save' }],
  // Without a login node the work folder is on this machine and bundles are written into it, and
  // the program the nodes run is a program of this machine: the page may name neither itself.
  submitToCluster: (arg) =>
    arg.target.ssh
      ? []
      : [
          { field: 'target.workdir', path: arg.target.workdir, purpose: 'open-folder' },
          ...(arg.target.amrStudio === undefined ? [] : [{ field: 'target.amrStudio', path: arg.target.amrStudio, purpose: 'run' as const }]),
        ],
};

export interface ChosenPath {
  path: string;
}

const dialogTitle = z.string().min(1).max(200);

/** Channels answered by the shell's native dialogs: null when the user cancels. */
export const dialogContract = {
  chooseImportFile: channel<ChosenPath | null>()(empty),
  chooseSavePath: channel<ChosenPath | null>()(
    z
      .object({
        title: dialogTitle,
        /** only a suggestion shown in the dialog: the user confirms or changes it */
        defaultPath: z.string().min(1).max(4096).optional(),
        extensions: z.array(z.string().regex(/^[A-Za-z0-9.-]{1,16}$/, 'a file extension')).max(8).optional(),
      })
      .strict(),
  ),
  chooseFolder: channel<ChosenPath | null>()(z.object({ title: dialogTitle }).strict()),
  chooseProgram: channel<ChosenPath | null>()(z.object({ title: dialogTitle }).strict()),
} satisfies Record<DialogChannelName, Channel<z.ZodType, unknown>>;

export type DialogContract = typeof dialogContract;
export type DialogInput<C extends DialogChannelName> = z.input<DialogContract[C]['input']>;
export type DialogArg<C extends DialogChannelName> = z.output<DialogContract[C]['input']>;

export interface ImportProgressEvent {
  /** the import job: cancelJob stops it */
  jobId: number;
  path: string;
  phase: string;
  done: number;
  total: number;
}

export interface EventPayloads {
  jobProgress: JobProgress;
  importProgress: ImportProgressEvent;
  /** the shell's File › Import… picked (and granted) a file: the renderer runs the import and shows progress */
  importRequested: { path: string };
  projectOpened: ProjectInfo;
}
export type EventPayload<E extends EventName> = EventPayloads[E];

/** What the preload exposes as window.api: one function per channel, plus event subscription. */
export type Api = {
  [C in ChannelName]: (arg: ChannelInput<C>) => Promise<import('./errors.ts').Result<ChannelResult<C>>>;
} & {
  [C in DialogChannelName]: (arg: DialogInput<C>) => Promise<import('./errors.ts').Result<ChosenPath | null>>;
} & {
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
