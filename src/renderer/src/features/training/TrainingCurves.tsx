// Loss and accuracy per epoch, updated live as the job reports.
import { useMemo } from 'react';
import { Plot } from '../../plots/Plot.tsx';

/** The history's fields and how a person calls them. */
const lossSeries = [
  ['loss', 'Training loss'],
  ['valLoss', 'Validation loss'],
] as const;
const accuracySeries = [
  ['accuracy', 'Training accuracy'],
  ['valAccuracy', 'Validation accuracy'],
] as const;

function series(history: Record<string, number>[], keys: readonly (readonly [string, string])[]) {
  return keys
    .filter(([k]) => history.some((h) => typeof h[k] === 'number'))
    .map(([k, name]) => ({ type: 'scatter', mode: 'lines+markers', name, x: history.map((h, i) => h.epoch ?? i + 1), y: history.map((h) => h[k] ?? null) }));
}

export function TrainingCurves({ history }: { history: Record<string, number>[] }) {
  const loss = useMemo(() => series(history, lossSeries), [history]);
  const acc = useMemo(() => series(history, accuracySeries), [history]);
  const lossLayout = useMemo(
    () => ({ title: { text: 'Loss' }, xaxis: { title: { text: 'Epoch' }, dtick: 1 }, yaxis: { title: { text: 'Cross-entropy' } }, legend: { orientation: 'h', y: -0.35 } }),
    [],
  );
  const accLayout = useMemo(
    () => ({ title: { text: 'Accuracy' }, xaxis: { title: { text: 'Epoch' }, dtick: 1 }, yaxis: { title: { text: 'Accuracy' }, range: [0, 1], tickformat: '.0%' }, legend: { orientation: 'h', y: -0.35 } }),
    [],
  );
  return (
    <div className="plots-2x1">
      <Plot label="loss-curve" data={loss} layout={lossLayout} height={260} />
      <Plot label="accuracy-curve" data={acc} layout={accLayout} height={260} />
    </div>
  );
}
