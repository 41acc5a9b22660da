// One plotly figure. Plotly keeps its own DOM; React only hands it new data and layouts.
import Plotly, { type Layout, type PlotData } from 'plotly.js-strict-dist-min';
import { useEffect, useRef } from 'react';
import { useTheme } from '../app/theme.ts';

export interface PlotProps {
  data: PlotData[];
  layout?: Layout;
  height?: number;
  /** stable name for tests and screen readers */
  label: string;
}

function themedLayout(layout: Layout, dark: boolean, height: number): Layout {
  const fg = dark ? '#d8dee9' : '#1f2933';
  const grid = dark ? '#3b4252' : '#e4e7eb';
  const axis = (a: unknown) => ({ gridcolor: grid, zerolinecolor: grid, color: fg, ...(a as object) });
  return {
    margin: { l: 50, r: 16, t: 32, b: 40 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { color: fg, size: 11 },
    height,
    autosize: true,
    ...layout,
    xaxis: axis(layout.xaxis),
    yaxis: axis(layout.yaxis),
  };
}

export function Plot({ data, layout = {}, height = 280, label }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { dark } = useTheme();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    void Plotly.react(el, data, themedLayout(layout, dark, height), { displaylogo: false, responsive: true });
  }, [data, layout, dark, height]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) Plotly.purge(el);
    };
  }, []);
  // A definite height: with responsive on, a window resize re-sizes the figure to 100 % of this
  // div, which collapses to its border when the div's height comes only from its content.
  return <div ref={ref} className="plot" role="img" aria-label={label} data-plot={label} style={{ height }} />;
}
