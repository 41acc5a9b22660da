// A tiny density constellation drawn straight to a canvas: the small multiples need hundreds of
// these, far too many for plotly figures.
import { useEffect, useRef } from 'react';
import type { DensityGrid } from '../../../../shared/dto.ts';

export function DensityCanvas({ grid, size, dark }: { grid: Pick<DensityGrid, 'bins' | 'counts'>; size: number; dark: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const { bins, counts } = grid;
    const image = ctx.createImageData(bins, bins);
    const peak = Math.max(1, ...counts);
    for (let row = 0; row < bins; row++) {
      for (let col = 0; col < bins; col++) {
        // counts rows run from −Q to +Q; canvas rows run top-down
        const v = Math.sqrt((counts[row * bins + col] ?? 0) / peak);
        const o = ((bins - 1 - row) * bins + col) * 4;
        const base = dark ? 20 : 255;
        image.data[o] = Math.round(base + (255 * v - base) * v);
        image.data[o + 1] = Math.round(base + (140 * v - base) * v);
        image.data[o + 2] = Math.round(base + (40 - base) * v);
        image.data[o + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
  }, [grid, dark]);
  return <canvas ref={ref} width={grid.bins} height={grid.bins} style={{ width: size, height: size, imageRendering: 'pixelated' }} />;
}
