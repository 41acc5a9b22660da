// Importance of each removable unit under the chosen metric, coloured by its Fisher block.
import { useMemo } from 'react';
import type { PruneAnalysis } from '../../../../shared/dto.ts';
import { Plot } from '../../plots/Plot.tsx';
import { blockOfUnit, blockColour } from './blocks.ts';

export function UnitScoresChart({ analysis, blocks }: { analysis: PruneAnalysis; blocks: number }) {
  const data = useMemo(() => {
    const starts = analysis.segmentations[blocks - 1]?.starts ?? [0];
    const block = blockOfUnit(starts, analysis.units.length);
    return [
      {
        type: 'bar',
        x: analysis.units.map((u) => u.unit),
        y: analysis.units.map((u) => u.score),
        marker: { color: block.map(blockColour) },
        customdata: analysis.units.map((u, k) => [u.params, block[k]! + 1]),
        hovertemplate: '%{x}<br>score %{y:.4g}<br>%{customdata[0]} params · block %{customdata[1]}<extra></extra>',
      },
    ];
  }, [analysis, blocks]);
  const layout = useMemo(
    () => ({
      title: { text: `Unit importance: ${analysis.metric} (low = removed first)` },
      xaxis: { tickangle: -35, automargin: true },
      yaxis: { title: { text: 'score' } },
      showlegend: false,
    }),
    [analysis.metric],
  );
  return <Plot label="unit-scores" data={data} layout={layout} height={300} />;
}
