// The one list of IPC channel names. Plain strings only, so the sandboxed preload can import it
// without pulling in zod. contract.ts must define exactly these channels (a test checks).
export const channelNames = [
  'getAppInfo',
  'getBackends',
  'getProjectInfo',
  'listDatasets',
  'listImporters',
  'importDataset',
  'pageSamples',
  'getSample',
  'getDensity',
  'getDensityMosaic',
  'listArchitectures',
  'startTraining',
  'previewAugmentation',
  'startAugment',
  'listJobs',
  'getJob',
  'cancelJob',
  'listModels',
  'getModelEvaluation',
  'getEyeDiagram',
  'getSampleGraphs',
  'getClassAdjacency',
  'startPruneAnalysis',
  'getPruneAnalysis',
  'startPrune',
  'startPruneStudy',
  'getPruneStudy',
  'getLineage',
  'startExport',
  'getExportResult',
  'listExports',
  'startDistill',
  'getDistillation',
  'getDistillPreview',
  'startDistillEval',
  'listDistillResults',
  'startDatasetExport',
  'getModelResults',
  'previewEvaluation',
  'startEvaluation',
  'resumeJob',
  'listPruneStudies',
  'listClusterJobs',
  'submitToCluster',
  'refreshClusterJob',
  'collectClusterJob',
  'cancelClusterJob',
  'startClustering',
  'listClusterRuns',
  'getClusterRun',
  'getClusterCards',
  'nameClusters',
  'mergeClusters',
  'splitCluster',
  'writeLabelledDataset',
] as const;

export type ChannelName = (typeof channelNames)[number];

/**
 * Channels the Electron shell answers itself with a native dialog: the path the user picks is
 * granted to the calling window, and only granted paths reach the engine's path arguments.
 */
export const dialogChannelNames = ['chooseImportFile', 'chooseSavePath', 'chooseFolder', 'chooseProgram'] as const;

export type DialogChannelName = (typeof dialogChannelNames)[number];

/** Everything the preload exposes as a function of window.api. */
export const exposedChannelNames = [...channelNames, ...dialogChannelNames] as const;

export type ExposedChannelName = ChannelName | DialogChannelName;

/** Push events from main to renderer. */
export const eventNames = ['jobProgress', 'importProgress', 'importRequested', 'projectOpened'] as const;
export type EventName = (typeof eventNames)[number];
