// An evaluation report as metric rows: one summary, one per SNR, the confusion matrices.
import type { MetricDraft } from '../../store/metrics.ts';
import type { EvaluationReport } from './metrics.ts';

export function reportMetrics(r: EvaluationReport, modelId: number, jobId: number | null): MetricDraft[] {
  return [
    { modelId, jobId, kind: 'summary', value: { count: r.count, accuracy: r.accuracy, classes: r.classes, perClass: r.perClass } },
    { modelId, jobId, kind: 'confusion', value: r.confusion },
    ...r.perSnr.map((s) => ({ modelId, jobId, kind: 'snr', snr: s.snr, value: { count: s.count, accuracy: s.accuracy, confusion: s.confusion } })),
  ];
}
