// Loss and accuracy per epoch, updated live as the job reports.
import { useMemo } from 'react';
import { Plot } from '../../plots/Plot.tsx';

const lossKeys = ['loss', 'valLoss'];
const accKeys = ['accuracy', 'valAccuracy'];

function series(history: Record<string, number>[], keys: string[]) {
  return keys
    .filter((k) => history.some((h) => typeof h[k] === 'number'))
    .map((k) => ({ type: 'scatter', mode: 'lines+markers', name: k, x: history.map((h, i) => h.epoch ?? i + 1), y: history.map((h) => h[k] ?? null) }));
}

export function TrainingCurves({ history }: { history: Record<string, number>[] }) {
  const loss = useMemo(() => series(history, lossKeys), [history]);
  const acc = useMemo(() => series(history, accKeys), [history]);
  const lossLayout = useMemo(() => ({ title: { text: 'Loss' }, xaxis: { title: { text: 'epoch' }, dtick: 1 }, legend: { orientation: 'h' } }), []);
  const accLayout = useMemo(() => ({ title: { text: 'Accuracy' }, xaxis: { title: { text: 'epoch' }, dtick: 1 }, yaxis: { range: [0, 1] }, legend: { orientation: 'h' } }), []);
  return (
    <div className="plots-2x1">
      <Plot label="loss-curve" data={loss} layout={lossLayout} height={240} />
      <Plot label="accuracy-curve" data={acc} layout={accLayout} height={240} />
    </div>
  );
}
