// How an evaluation is named in lists and headings: which data, which split, the figure.
import type { ModelEvaluation } from '../../../../shared/dto.ts';
import { percent } from '../../app/format.ts';

export function evaluationLabel(e: ModelEvaluation): string {
  const data = e.datasetName ?? `dataset #${e.datasetId ?? '?'} (deleted)`;
  const which = e.split === 'all' ? `all of ${data}` : `${e.split} split of ${data}`;
  const what = e.evaluationId === null ? `Headline: ${which}` : `Evaluation #${e.evaluationId}: ${which}`;
  return `${what} — ${percent(e.accuracy)} of ${e.count.toLocaleString()} samples${e.includesTraining ? ' (includes training samples)' : ''}`;
}
