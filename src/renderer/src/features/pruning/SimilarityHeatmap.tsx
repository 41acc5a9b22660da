// CKA similarity of the units' outputs, with the Fisher blocks for the chosen K outlined on the
// diagonal: units inside one outline compute similar things, so one of them can often go.
import { useMemo } from 'react';
import type { PruneAnalysis } from '../../../../shared/dto.ts';
import { useTheme } from '../../app/theme.ts';
import { Plot } from '../../plots/Plot.tsx';
import { blockColour } from './blocks.ts';

export function SimilarityHeatmap({ analysis, blocks }: { analysis: PruneAnalysis; blocks: number }) {
  const { dark } = useTheme();
  const n = analysis.units.length;
  const data = useMemo(
    () => [
      {
        type: 'heatmap',
        z: analysis.similarity,
        x: analysis.units.map((_, k) => k),
        y: analysis.units.map((_, k) => k),
        zmin: 0,
        zmax: 1,
        colorscale: 'Viridis',
        colorbar: { title: { text: 'CKA' }, thickness: 12 },
        customdata: analysis.similarity.map((row, i) => row.map((_, j) => [analysis.units[i]!.unit, analysis.units[j]!.unit])),
        hovertemplate: '%{customdata[0]} × %{customdata[1]}<br>CKA %{z:.3f}<extra></extra>',
      },
    ],
    [analysis],
  );
  const layout = useMemo(() => {
    const starts = analysis.segmentations[blocks - 1]?.starts ?? [0];
    const ticks = { tickvals: analysis.units.map((_, k) => k), ticktext: analysis.units.map((u) => u.unit), automargin: true };
    const shapes = starts.map((s, b) => {
      const end = (starts[b + 1] ?? n) - 1;
      return { type: 'rect', xref: 'x', yref: 'y', x0: s - 0.5, x1: end + 0.5, y0: s - 0.5, y1: end + 0.5, line: { color: dark ? '#ffffff' : blockColour(b), width: 3 }, fillcolor: 'rgba(0,0,0,0)' };
    });
    return {
      title: { text: `Layer similarity (CKA) · ${blocks} block${blocks === 1 ? '' : 's'}` },
      xaxis: { ...ticks, tickangle: -35 },
      yaxis: { ...ticks, autorange: 'reversed', scaleanchor: 'x' },
      shapes,
      margin: { l: 110, r: 16, t: 32, b: 90 },
    };
  }, [analysis, blocks, n, dark]);
  return <Plot label="cka-heatmap" data={data} layout={layout} height={380} />;
}
