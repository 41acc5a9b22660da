// The class view's mean learned graph: a trained AVGNet's adaptive visibility graphs of I and Q,
// averaged over samples of one class (up to 500, a fixed subset).
import { useMemo, useState } from 'react';
import type { DatasetSummary } from '../../../../shared/dto.ts';
import { call } from '../../api.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { AdjacencyHeatmap } from './AdjacencyHeatmap.tsx';
import { AvgnetModelOptions } from './AvgnetModelOptions.tsx';
import { bandMatrix } from './graph-matrices.ts';
import { useAvgnetModels } from './useAvgnetModels.ts';

function MeanAdjacency({ modelId, datasetId, classIndex }: { modelId: number; datasetId: number; classIndex: number }) {
  const mean = useAsync(() => call('getClassAdjacency', { modelId, datasetId, classIndex }), [modelId, datasetId, classIndex]);
  const a = mean.value;
  const matrices = useMemo(() => (a ? (['i', 'q'] as const).map((s) => ({ series: s, z: bandMatrix(a.length, a.diagonals, a[s]) })) : []), [a]);
  if (mean.error) return <p className="error" role="alert">{mean.error}</p>;
  if (!a) return <p className="muted">Averaging learned graphs…</p>;
  return (
    <div className="plots-3" data-testid="class-adjacency" data-samples={a.samples}>
      {matrices.map((m) => (
        <AdjacencyHeatmap key={m.series} z={m.z} colorscale="Viridis" label={`class-adjacency-${m.series}`} title={`${a.className}: mean graph of ${m.series.toUpperCase()} (${a.samples})`} />
      ))}
    </div>
  );
}

export function ClassAdjacencyPlot({ dataset, classIndex }: { dataset: DatasetSummary; classIndex: number | null }) {
  const models = useAvgnetModels();
  const [modelId, setModelId] = useState<number | null>(null);
  const [chosenClass, setChosenClass] = useState(0);
  const shownClass = classIndex ?? chosenClass;
  const model = modelId ?? models[0]?.id ?? null;
  if (models.length === 0) return <p className="muted">Train an AVGNet to see the graphs it learns for each class.</p>;
  return (
    <div className="class-adjacency">
      <div className="row">
        <h4>Mean learned graph</h4>
        <label>
          Model{' '}
          <select name="class-graph-model" value={model ?? ''} onChange={(e) => setModelId(Number(e.target.value))}>
            <AvgnetModelOptions models={models} />
          </select>
        </label>
        {classIndex === null && (
          <label>
            Class{' '}
            <select name="class-graph-class" value={chosenClass} onChange={(e) => setChosenClass(Number(e.target.value))}>
              {dataset.classes.map((c, k) => (
                <option key={c} value={k}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {model !== null && <MeanAdjacency modelId={model} datasetId={dataset.id} classIndex={shownClass} />}
    </div>
  );
}
