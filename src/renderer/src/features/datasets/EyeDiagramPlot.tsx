// Eye diagram of the shown sample: the engine cuts I or Q into symbol-aligned traces; here they
// are overlaid. Samples per symbol is a choice: RadioML files do not record it (RML2016 uses 8).
import { useMemo, useState } from 'react';
import type { EyeDiagram } from '../../../../shared/dto.ts';
import { call } from '../../api.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { Plot } from '../../plots/Plot.tsx';

export function EyeDiagramPlot({ datasetId, sampleId }: { datasetId: number; sampleId: number }) {
  const [component, setComponent] = useState<'i' | 'q'>('i');
  const [samplesPerSymbol, setSamplesPerSymbol] = useState(8);
  const eye = useAsync(() => call('getEyeDiagram', { datasetId, sampleId, component, samplesPerSymbol }), [datasetId, sampleId, component, samplesPerSymbol]);
  const data = useMemo(() => {
    const e: EyeDiagram | undefined = eye.value;
    if (!e) return [];
    // one trace with NaN breaks draws hundreds of sweeps as a single plotly trace
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    for (const t of e.traces) {
      t.forEach((v, k) => {
        x.push(k / e.samplesPerSymbol);
        y.push(v);
      });
      x.push(null);
      y.push(null);
    }
    return [{ type: 'scatter', mode: 'lines', x, y, line: { width: 1 }, opacity: 0.35, name: 'traces', connectgaps: false }];
  }, [eye.value]);
  const layout = useMemo(
    () => ({
      title: { text: `Eye diagram (${component.toUpperCase()}, ${eye.value?.traces.length ?? 0} traces)` },
      xaxis: { title: { text: 'symbol periods' } },
      showlegend: false,
    }),
    [component, eye.value],
  );
  return (
    <div className="eye" data-testid="eye-diagram">
      <div className="row">
        <label>
          Component{' '}
          <select name="eye-component" value={component} onChange={(e) => setComponent(e.target.value as 'i' | 'q')}>
            <option value="i">I</option>
            <option value="q">Q</option>
          </select>
        </label>
        <label>
          Samples / symbol{' '}
          <input name="eye-sps" type="number" min={1} max={64} value={samplesPerSymbol} onChange={(e) => setSamplesPerSymbol(Math.max(1, Math.min(64, Number(e.target.value) || 1)))} />
        </label>
        {eye.error && <span className="error">{eye.error}</span>}
      </div>
      <Plot label="eye-diagram" data={data} layout={layout} height={260} />
    </div>
  );
}
