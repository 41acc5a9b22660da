// One adjacency matrix as a heat map, node 0 at the top left like the matrix is written.
import { useMemo } from 'react';
import { Plot } from '../../plots/Plot.tsx';

export function AdjacencyHeatmap({ z, title, label, colorscale = 'Greys' }: { z: number[][]; title: string; label: string; colorscale?: string }) {
  const data = useMemo(() => [{ type: 'heatmap', z, colorscale, reversescale: colorscale === 'Greys', showscale: colorscale !== 'Greys' }], [z, colorscale]);
  const layout = useMemo(
    () => ({
      title: { text: title },
      xaxis: { title: { text: 'node (sample)' }, constrain: 'domain' },
      yaxis: { title: { text: 'node (sample)' }, autorange: 'reversed', scaleanchor: 'x', constrain: 'domain' },
    }),
    [title],
  );
  return <Plot label={label} data={data as never} layout={layout as never} height={300} />;
}
