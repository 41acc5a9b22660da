// A trained model's accuracy per SNR and its confusion matrix.
import { useMemo } from 'react';
import type { ModelEvaluation } from '../../../../shared/dto.ts';
import { Plot } from '../../plots/Plot.tsx';

export function EvaluationPlots({ evaluation }: { evaluation: ModelEvaluation }) {
  const acc = useMemo(() => [{ type: 'scatter', mode: 'lines+markers', x: evaluation.snrs, y: evaluation.accuracyBySnr, name: 'accuracy' }], [evaluation]);
  const accLayout = useMemo(
    () => ({
      title: { text: `Accuracy vs SNR (overall ${(100 * evaluation.accuracy).toFixed(1)} %)` },
      xaxis: { title: { text: 'SNR (dB)' } },
      yaxis: { title: { text: 'accuracy' }, range: [0, 1] },
      showlegend: false,
    }),
    [evaluation],
  );
  const confusion = useMemo(() => {
    // rows normalised so that each true class sums to 1: readable whatever the class balance
    const z = evaluation.confusion.map((row) => {
      const sum = row.reduce((a, b) => a + b, 0) || 1;
      return row.map((v) => v / sum);
    });
    return [{ type: 'heatmap', x: evaluation.classes, y: evaluation.classes, z, colorscale: 'Blues', reversescale: true, zmin: 0, zmax: 1 }];
  }, [evaluation]);
  const confusionLayout = useMemo(
    () => ({ title: { text: 'Confusion matrix (rows: true class)' }, xaxis: { title: { text: 'predicted' } }, yaxis: { title: { text: 'true' }, autorange: 'reversed' } }),
    [],
  );
  return (
    <div className="plots-2x1" data-testid="evaluation">
      <Plot label="accuracy-vs-snr" data={acc} layout={accLayout} />
      <Plot label="confusion" data={confusion} layout={confusionLayout} height={360} />
    </div>
  );
}
