// The matching losses per iteration: L_TD in time, L_FD in frequency (MDM only).
import { useMemo } from 'react';
import type { DistillLossPoint } from '../../../../shared/dto.ts';
import { Plot } from '../../plots/Plot.tsx';

export function LossCurves({ points, frequency }: { points: DistillLossPoint[]; frequency: boolean }) {
  const data = useMemo(() => {
    const x = points.map((p) => p.iteration);
    const lines = [{ type: 'scatter', mode: 'lines', name: 'L_TD (time)', x, y: points.map((p) => p.lossTime) }];
    if (frequency) lines.push({ type: 'scatter', mode: 'lines', name: 'L_FD (frequency)', x, y: points.map((p) => p.lossFrequency) });
    return lines;
  }, [points, frequency]);
  const layout = useMemo(() => ({ title: { text: 'Matching loss' }, xaxis: { title: { text: 'iteration' } }, yaxis: { type: 'log' }, legend: { orientation: 'h' } }), []);
  return (
    <div data-testid="distill-loss" data-points={points.length}>
      <Plot label="distill-loss-curve" data={data} layout={layout} height={240} />
    </div>
  );
}
