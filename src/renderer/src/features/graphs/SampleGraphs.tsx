// The shown sample as graphs: the natural or horizontal visibility graph of its I and
// Q series as adjacency heat maps with their degree distributions, and, for a trained AVGNet
// picked here, the adaptive visibility graphs that model builds from this sample.
import { useMemo, useState } from 'react';
import type { SampleGraphs as Graphs } from '../../../../shared/dto.ts';
import { call } from '../../api.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { Plot } from '../../plots/Plot.tsx';
import { AdjacencyHeatmap } from './AdjacencyHeatmap.tsx';
import { AvgnetModelOptions } from './AvgnetModelOptions.tsx';
import { bandMatrix, edgeMatrix } from './graph-matrices.ts';
import { useAvgnetModels } from './useAvgnetModels.ts';

type Kind = 'natural' | 'horizontal';

function VisibilityPanels({ graphs, kind }: { graphs: Graphs; kind: Kind }) {
  const shown = graphs.graphs.filter((g) => g.kind === kind);
  const matrices = useMemo(() => shown.map((g) => ({ series: g.series, z: edgeMatrix(graphs.length, g.edges), edges: g.edges.length / 2 })), [graphs, kind]);
  const degrees = useMemo(
    () => shown.map((g) => ({ type: 'bar', name: g.series.toUpperCase(), x: g.degreeCounts.map((_, k) => k), y: g.degreeCounts, opacity: 0.7 })),
    [graphs, kind],
  );
  const degreeLayout = useMemo(() => ({ title: { text: 'Degree distribution' }, barmode: 'overlay', xaxis: { title: { text: 'degree' } }, yaxis: { title: { text: 'nodes' } } }), []);
  return (
    <div className="plots-3" data-testid={`visibility-${kind}`}>
      {matrices.map((m) => (
        <AdjacencyHeatmap key={m.series} z={m.z} label={`${kind}-vg-${m.series}`} title={`${kind === 'natural' ? 'Natural' : 'Horizontal'} VG of ${m.series.toUpperCase()} (${m.edges} edges)`} />
      ))}
      <Plot label={`${kind}-vg-degrees`} data={degrees as never} layout={degreeLayout as never} height={300} />
    </div>
  );
}

export function SampleGraphs({ datasetId, sampleId }: { datasetId: number; sampleId: number }) {
  const [kind, setKind] = useState<Kind>('natural');
  const [modelId, setModelId] = useState<number | null>(null);
  const models = useAvgnetModels();
  const graphs = useAsync(() => call('getSampleGraphs', { datasetId, sampleId, ...(modelId === null ? {} : { modelId }) }), [datasetId, sampleId, modelId]);
  const g = graphs.value;
  const learned = useMemo(() => (g?.learned ? (['i', 'q'] as const).map((s) => ({ series: s, z: bandMatrix(g.learned!.length, g.learned!.diagonals, g.learned![s]) })) : []), [g]);
  return (
    <section className="sample-graphs" aria-label="Sample graphs" data-testid="sample-graphs">
      <div className="row">
        <h3>Graphs</h3>
        <label>
          Visibility graph{' '}
          <select name="graph-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="natural">natural (VG)</option>
            <option value="horizontal">horizontal (HVG)</option>
          </select>
        </label>
        <label>
          Learned by{' '}
          <select name="graph-model" value={modelId ?? ''} onChange={(e) => setModelId(e.target.value === '' ? null : Number(e.target.value))} disabled={models.length === 0}>
            <option value="">{models.length === 0 ? 'no trained AVGNet' : '— pick an AVGNet —'}</option>
            <AvgnetModelOptions models={models} />
          </select>
        </label>
        {graphs.error && <span className="error" role="alert">{graphs.error}</span>}
      </div>
      {g ? <VisibilityPanels graphs={g} kind={kind} /> : <p className="muted">Computing graphs…</p>}
      {g?.learned && (
        <div className="plots-3" data-testid="learned-adjacency">
          {learned.map((m) => (
            <AdjacencyHeatmap key={m.series} z={m.z} colorscale="Viridis" label={`learned-${m.series}`} title={`Learned graph of ${m.series.toUpperCase()} (#${g.learned!.modelId})`} />
          ))}
        </div>
      )}
    </section>
  );
}
