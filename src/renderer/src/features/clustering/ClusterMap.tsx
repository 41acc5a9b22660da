// The target's embedding in 2-D (UMAP, or the first two principal components), one colour per
// current cluster.
import type { PlotData } from 'plotly.js-strict-dist-min';
import { useMemo } from 'react';
import type { ClusterMapView, ClusterView } from '../../../../shared/clustering.ts';
import { Plot } from '../../plots/Plot.tsx';

export function clusterLabel(c: Pick<ClusterView, 'id' | 'name'>): string {
  return c.name ? `${c.id} · ${c.name}` : `cluster ${c.id}`;
}

export function ClusterMap({ map, clusters }: { map: ClusterMapView; clusters: ClusterView[] }) {
  const data = useMemo(
    () =>
      clusters
        .filter((c) => c.size > 0)
        .map((c) => {
          const points = map.cluster.flatMap((k, i) => (k === c.id ? [i] : []));
          return {
            type: 'scattergl',
            mode: 'markers',
            name: clusterLabel(c),
            x: points.map((i) => map.x[i]!),
            y: points.map((i) => map.y[i]!),
            marker: { size: 4, opacity: 0.75 },
          } as unknown as PlotData;
        }),
    [map, clusters],
  );
  const axis = map.method === 'umap' ? 'UMAP' : 'PC';
  return (
    <Plot
      label="cluster-map"
      data={data}
      height={380}
      layout={{ title: { text: `Embedding map (${map.method === 'umap' ? 'UMAP' : 'PCA'})` }, xaxis: { title: { text: `${axis} 1` } }, yaxis: { title: { text: `${axis} 2` } }, legend: { font: { size: 10 } } } as never}
    />
  );
}
