// Stored scorings of a model, shaped for the UI (ModelEvaluation): the headline — its own test
// split, measured by the job that made it — and the evaluation records beside it.
import type { ClassFigures, ModelEvaluation } from '../../../../shared/dto.ts';
import type { EvaluationRecord } from '../../store/evaluations.ts';
import type { MetricRecord } from '../../store/metrics.ts';
import type { ModelSummary } from '../../store/models.ts';
import type { ProjectStore } from '../../store/project.ts';

interface StoredClassFigures {
  className: string;
  precision: number | null;
  recall: number | null;
  support: number;
}

interface StoredSnrFigures {
  snr: number;
  count: number;
  accuracy: number;
  confusion: number[][];
}

/** An EvaluationReport (or MappedReport) as it reads back from JSON: NaN became null. */
interface StoredReport {
  count: number;
  accuracy: number;
  classes: string[];
  confusion: number[][];
  perClass: StoredClassFigures[];
  perSnr: StoredSnrFigures[];
  missingClasses?: string[];
  unmappedClasses?: string[];
}

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function figures(report: StoredReport): Pick<ModelEvaluation, 'count' | 'classes' | 'snrs' | 'accuracyBySnr' | 'countBySnr' | 'confusion' | 'confusionBySnr' | 'perClass' | 'missingClasses' | 'unmappedClasses' | 'accuracy'> {
  const perClass: ClassFigures[] = report.perClass.map((c) => ({ className: c.className, precision: finite(c.precision), recall: finite(c.recall), support: c.support }));
  return {
    count: report.count,
    classes: report.classes,
    snrs: report.perSnr.map((s) => s.snr),
    accuracyBySnr: report.perSnr.map((s) => s.accuracy),
    countBySnr: report.perSnr.map((s) => s.count),
    confusion: report.confusion,
    confusionBySnr: report.perSnr.map((s) => s.confusion),
    perClass,
    missingClasses: report.missingClasses ?? perClass.filter((c) => c.support === 0).map((c) => c.className),
    unmappedClasses: report.unmappedClasses ?? [],
    accuracy: report.accuracy,
  };
}

/** The metric rows the job that made the model wrote about it (later evaluate jobs of older versions wrote rows too). */
function ownRows(store: ProjectStore, model: ModelSummary, kind?: string): MetricRecord[] {
  return store.listMetrics({ modelId: model.id, ...(kind ? { kind } : {}) }).filter((r) => r.jobId === model.jobId);
}

/** The accuracy on its own test split that the job that made the model measured, if it stored one. */
export function headlineAccuracy(store: ProjectStore, model: ModelSummary): number | null {
  const summary = ownRows(store, model, 'summary').at(-1);
  const measured = (summary?.value as { accuracy?: number } | undefined)?.accuracy;
  return finite(measured) ?? finite(model.metrics['accuracy'] as number | undefined);
}

export function headlineEvaluation(store: ProjectStore, modelId: number): ModelEvaluation | null {
  const model = store.getModel(modelId);
  const rows = ownRows(store, model);
  const summary = rows.filter((r) => r.kind === 'summary').at(-1);
  if (!summary) return null;
  const s = summary.value as Omit<StoredReport, 'confusion' | 'perSnr'>;
  const confusion = (rows.filter((r) => r.kind === 'confusion').at(-1)?.value as number[][] | undefined) ?? [];
  const perSnr = rows
    .filter((r) => r.kind === 'snr' && r.snr !== null)
    .sort((a, b) => a.snr! - b.snr!)
    .map((r) => ({ snr: r.snr!, ...(r.value as Omit<StoredSnrFigures, 'snr'>) }));
  const dataset = model.datasetId === null ? undefined : store.listDatasets().find((d) => d.id === model.datasetId);
  return {
    modelId,
    evaluationId: null,
    datasetId: model.datasetId,
    datasetName: dataset?.name ?? null,
    split: typeof model.metrics['evaluatedOn'] === 'string' && model.metrics['evaluatedOn'] !== 'all' ? model.metrics['evaluatedOn'] : 'test',
    includesTraining: false,
    classMap: null,
    createdAt: summary.createdAt,
    ...figures({ ...s, confusion, perSnr: perSnr.map((p) => ({ ...p, confusion: p.confusion ?? [] })) }),
  };
}

export function recordedEvaluation(record: EvaluationRecord): ModelEvaluation {
  return {
    modelId: record.modelId,
    evaluationId: record.id,
    datasetId: record.datasetId,
    datasetName: record.datasetName,
    split: record.split,
    includesTraining: record.includesTraining,
    classMap: record.classMap,
    createdAt: record.createdAt,
    ...figures(record.metrics as unknown as StoredReport),
  };
}
