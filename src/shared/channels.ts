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
] as const;

export type ChannelName = (typeof channelNames)[number];

/** Push events from main to renderer. */
export const eventNames = ['jobProgress', 'importProgress', 'importRequested', 'projectOpened'] as const;
export type EventName = (typeof eventNames)[number];
