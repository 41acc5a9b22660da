import { describe, expect, it } from 'vitest';
import { channelNames, dialogChannelNames, eventNames } from '../../../src/shared/channels.ts';
import { contract, dialogContract } from '../../../src/shared/contract.ts';

describe('IPC channel list', () => {
  it('is exactly the set of channels the contract defines, in the same order', () => {
    expect(Object.keys(contract)).toEqual([...channelNames]);
  });

  it('has no duplicates', () => {
    expect(new Set(channelNames).size).toBe(channelNames.length);
  });

  it('lists the dialog channels the contract defines, none of them an engine channel', () => {
    expect(Object.keys(dialogContract)).toEqual([...dialogChannelNames]);
    expect(dialogChannelNames).toEqual(['chooseImportFile', 'chooseSavePath', 'chooseFolder', 'chooseProgram']);
    for (const name of dialogChannelNames) expect(channelNames).not.toContain(name);
    expect(dialogContract.chooseSavePath.input.safeParse({ title: 'Export', extensions: ['../x'] }).success).toBe(false);
  });

  it('matches the published channel list (a change here is an API change)', () => {
    expect([...channelNames]).toMatchInlineSnapshot(`
      [
        "getAppInfo",
        "getBackends",
        "getProjectInfo",
        "listDatasets",
        "listImporters",
        "importDataset",
        "pageSamples",
        "getSample",
        "getDensity",
        "getDensityMosaic",
        "listArchitectures",
        "startTraining",
        "previewAugmentation",
        "startAugment",
        "listJobs",
        "getJob",
        "cancelJob",
        "listModels",
        "getModelEvaluation",
        "getEyeDiagram",
        "getSampleGraphs",
        "getClassAdjacency",
        "startPruneAnalysis",
        "getPruneAnalysis",
        "startPrune",
        "startPruneStudy",
        "getPruneStudy",
        "getLineage",
        "startExport",
        "getExportResult",
        "listExports",
        "startDistill",
        "getDistillation",
        "getDistillPreview",
        "startDistillEval",
        "listDistillResults",
        "startDatasetExport",
        "getModelResults",
        "previewEvaluation",
        "startEvaluation",
        "resumeJob",
        "listPruneStudies",
        "listClusterJobs",
        "submitToCluster",
        "refreshClusterJob",
        "collectClusterJob",
        "cancelClusterJob",
        "startClustering",
        "listClusterRuns",
        "getClusterRun",
        "getClusterCards",
        "nameClusters",
        "mergeClusters",
        "splitCluster",
        "writeLabelledDataset",
      ]
    `);
    expect([...eventNames]).toMatchInlineSnapshot(`
      [
        "jobProgress",
        "importProgress",
        "importRequested",
        "projectOpened",
      ]
    `);
  });

  it('rejects extra keys on argument-less channels and fills defaults where declared', () => {
    expect(contract.listDatasets.input.safeParse({ sneaky: 1 }).success).toBe(false);
    const parsed = contract.getDensity.input.parse({ datasetId: 1, classIndex: 0, snr: 10 });
    expect(parsed).toEqual({ datasetId: 1, classIndex: 0, snr: 10, bins: 64, maxSamples: 1000 });
  });

  it('caps the sample page size so one message stays small', () => {
    expect(contract.pageSamples.input.safeParse({ datasetId: 1, offset: 0, limit: 1001 }).success).toBe(false);
    expect(contract.pageSamples.input.safeParse({ datasetId: 1, offset: 0, limit: 1000 }).success).toBe(true);
  });
});
