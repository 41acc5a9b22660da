// Accuracy vs SNR of the parent and a pruned child, overlaid on one axis.
import { useMemo } from 'react';
import type { ModelEvaluation } from '../../../../shared/dto.ts';
import { percent } from '../../app/format.ts';
import { Plot } from '../../plots/Plot.tsx';

export interface NamedEvaluation {
  name: string;
  evaluation: ModelEvaluation;
}

export function SnrComparison({ parent, child }: { parent: NamedEvaluation; child: NamedEvaluation }) {
  const data = useMemo(
    () =>
      [parent, child].map((m, k) => ({
        type: 'scatter',
        mode: 'lines+markers',
        name: `${m.name} (${percent(m.evaluation.accuracy)})`,
        x: m.evaluation.snrs,
        y: m.evaluation.accuracyBySnr,
        line: { dash: k === 0 ? 'solid' : 'dash' },
      })),
    [parent, child],
  );
  const layout = useMemo(
    () => ({
      title: { text: 'Accuracy vs SNR: parent and pruned' },
      xaxis: { title: { text: 'SNR (dB)' } },
      yaxis: { title: { text: 'accuracy' }, range: [0, 1] },
      legend: { x: 1, xanchor: 'right', y: 0.02, yanchor: 'bottom', bgcolor: 'rgba(0,0,0,0)' },
    }),
    [],
  );
  return <Plot label="prune-accuracy-vs-snr" data={data} layout={layout} height={320} />;
}
