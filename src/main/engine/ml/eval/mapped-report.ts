// Scores predictions of a model on a dataset whose classes were mapped onto the model's: true
// labels move to the model's class indexes, and the report says which model classes had no
// samples and which dataset classes were left out.
import type { EvaluationPlan } from './evaluation-plan.ts';
import { classificationReport, type EvaluationReport } from './metrics.ts';

export interface MappedReport extends EvaluationReport {
  /** model classes no scored sample belongs to (their recall is undefined) */
  missingClasses: string[];
  /** dataset classes mapped to no model class: their samples were not scored */
  unmappedClasses: string[];
}

export function mappedReport(
  predictions: { labels: Int32Array; predicted: Int32Array; snr: Float32Array },
  plan: Pick<EvaluationPlan, 'labelMap' | 'modelClasses' | 'mapping'>,
): MappedReport {
  const labels = predictions.labels.map((l) => (l >= 0 && l < plan.labelMap.length ? plan.labelMap[l]! : -1));
  const report = classificationReport(labels, predictions.predicted, predictions.snr, plan.modelClasses);
  return {
    ...report,
    missingClasses: report.perClass.filter((c) => c.support === 0).map((c) => c.className),
    unmappedClasses: Object.entries(plan.mapping).flatMap(([from, to]) => (to === null ? [from] : [])),
  };
}
