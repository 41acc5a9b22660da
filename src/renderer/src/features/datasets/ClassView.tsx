// Many samples of one class at one SNR as a density constellation (computed in the engine),
// beside a small-multiples grid of every class × SNR, and a trained AVGNet's mean learned graph of the class.
import { useCallback, useMemo, useState } from 'react';
import type { DatasetSummary } from '../../../../shared/dto.ts';
import { call } from '../../api.ts';
import { useTheme } from '../../app/theme.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { ClassAdjacencyPlot } from '../graphs/ClassAdjacencyPlot.tsx';
import { Plot } from '../../plots/Plot.tsx';
import type { CellPick } from './CountMatrix.tsx';
import { DensityCanvas } from './DensityCanvas.tsx';

function axis(bins: number, extent: number): number[] {
  return Array.from({ length: bins }, (_, k) => -extent + ((k + 0.5) * 2 * extent) / bins);
}

function DensityPlot({ dataset, pick }: { dataset: DatasetSummary; pick: CellPick }) {
  const density = useAsync(() => call('getDensity', { datasetId: dataset.id, classIndex: pick.classIndex, snr: pick.snr, bins: 64, maxSamples: 1000 }), [dataset.id, pick.classIndex, pick.snr]);
  const g = density.value;
  const data = useMemo(() => {
    if (!g) return [];
    const z: number[][] = [];
    for (let r = 0; r < g.bins; r++) z.push(g.counts.slice(r * g.bins, (r + 1) * g.bins));
    const centres = axis(g.bins, g.extent);
    return [{ type: 'heatmap', x: centres, y: centres, z, colorscale: 'Hot', reversescale: true, showscale: false }];
  }, [g]);
  const layout = useMemo(
    () => ({
      title: { text: g ? `${g.className} at ${g.snr} dB — ${g.samples} samples` : 'Density constellation' },
      xaxis: { title: { text: 'I' } },
      yaxis: { title: { text: 'Q' }, scaleanchor: 'x' },
    }),
    [g],
  );
  if (density.error) return <p className="error" role="alert">{density.error}</p>;
  if (!g) return <p className="muted">Computing density…</p>;
  return <Plot label="density" data={data} layout={layout} height={340} />;
}

function Mosaic({ dataset, onPick }: { dataset: DatasetSummary; onPick: (p: CellPick) => void }) {
  const { dark } = useTheme();
  const mosaic = useAsync(() => call('getDensityMosaic', { datasetId: dataset.id, bins: 24, maxSamples: 50 }), [dataset.id]);
  const m = mosaic.value;
  if (mosaic.error) return <p className="error" role="alert">{mosaic.error}</p>;
  if (!m) return <p className="muted">Computing class × SNR grid…</p>;
  return (
    <div className="mosaic-wrap">
      <table className="mosaic" aria-label="Density constellations per class and SNR" data-testid="density-mosaic">
        <thead>
          <tr>
            <th />
            {m.snrs.map((s) => (
              <th key={s}>{s}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.cells.map((row, ci) => (
            <tr key={m.classes[ci]}>
              <th scope="row">{m.classes[ci]}</th>
              {row.map((cell) => (
                <td key={cell.snr}>
                  <button type="button" aria-label={`${cell.className} at ${cell.snr} dB`} onClick={() => onPick({ classIndex: cell.classIndex, snr: cell.snr })}>
                    <DensityCanvas grid={cell} size={36} dark={dark} />
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ClassView({ dataset, pick, onPick }: { dataset: DatasetSummary; pick: CellPick | null; onPick: (p: CellPick) => void }) {
  const [showMosaic, setShowMosaic] = useState(false);
  const toggle = useCallback(() => setShowMosaic((s) => !s), []);
  return (
    <section className="class-view" aria-label="Class view">
      <div className="row">
        <h3>Class view</h3>
        <button type="button" onClick={toggle} aria-pressed={showMosaic}>
          {showMosaic ? 'Hide class × SNR grid' : 'Show class × SNR grid'}
        </button>
      </div>
      {pick ? <DensityPlot dataset={dataset} pick={pick} /> : <p className="muted">Pick a cell in the count matrix to see that class at that SNR as a density constellation.</p>}
      {showMosaic && <Mosaic dataset={dataset} onPick={onPick} />}
      <ClassAdjacencyPlot dataset={dataset} classIndex={pick?.classIndex ?? null} />
    </section>
  );
}
