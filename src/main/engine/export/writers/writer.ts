// What an export format's writer is given and what it hands back: the model and what it is
// measured on in, the file (or folder) under its temporary name, its size and report out.
import type { tfl } from '../../ml/tfjs.ts';
import type { ModelRecord } from '../../store/models.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { ExportMetadata } from '../onnx/metadata.ts';
import type { DeploymentReport, ReportInput } from '../report.ts';

export type ExportPhase = 'load' | 'convert' | 'calibrate' | 'write' | 'measure' | 'record';

export interface ExportWriteContext {
  store: ProjectStore;
  record: ModelRecord;
  model: tfl.LayersModel;
  /** samples per vector of the model's input */
  length: number;
  metadata: ExportMetadata;
  /** what the report runs (the model and the test set) */
  report: Omit<ReportInput, 'floatOnnx' | 'int8Onnx'>;
  /** where to write; renamed to the export's path once it is recorded */
  temp: string;
  /** dataset the report is measured on */
  datasetId: number;
  /** training samples int8 ranges are calibrated on */
  calibrationSamples: number;
  /** enters a phase (and stops here if the export was cancelled) */
  progress(phase: ExportPhase): void;
}

export interface WrittenExport {
  /** bytes on disk */
  bytes: number;
  report: DeploymentReport;
  /** facts recorded in the export's config beside the test set (calibration, …) */
  config: Record<string, unknown>;
}

export type ExportWriter = (ctx: ExportWriteContext) => Promise<WrittenExport>;
