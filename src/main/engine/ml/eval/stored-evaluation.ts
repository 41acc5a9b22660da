// The latest evaluation saved for a model, shaped for the UI (ModelEvaluation).
import type { ModelEvaluation } from '../../../../shared/dto.ts';
import type { ProjectStore } from '../../store/project.ts';

export function latestEvaluation(store: ProjectStore, modelId: number): ModelEvaluation | null {
  const rows = store.listMetrics({ modelId });
  const summaries = rows.filter((r) => r.kind === 'summary');
  const summary = summaries[summaries.length - 1];
  if (!summary) return null;
  // rows of one evaluation share its job id (or none, for an evaluation run outside a job)
  const sameRun = rows.filter((r) => r.jobId === summary.jobId);
  const confusion = sameRun.filter((r) => r.kind === 'confusion').at(-1);
  const perSnr = sameRun.filter((r) => r.kind === 'snr' && r.snr !== null).sort((a, b) => a.snr! - b.snr!);
  const s = summary.value as { accuracy: number; classes: string[] };
  return {
    modelId,
    classes: s.classes,
    snrs: perSnr.map((r) => r.snr!),
    accuracyBySnr: perSnr.map((r) => (r.value as { accuracy: number }).accuracy),
    confusion: (confusion?.value as number[][] | undefined) ?? [],
    accuracy: s.accuracy,
  };
}
