// Synthetic signals of one class beside real ones of the class: constellation, I/Q over time and
// spectra (each signal's, and the class means), so the frequency term's effect shows.
import { useMemo } from 'react';
import type { DistillPreview } from '../../../../shared/dto.ts';
import { Plot } from '../../plots/Plot.tsx';
import { frequencyAxis, timeAxis } from '../../plots/signal-axes.ts';

const synthetic = '#d9480f';
const real = '#1c7ed6';

export function SignalComparison({ preview }: { preview: DistillPreview }) {
  const constellation = useMemo(
    () => [
      ...preview.real.map((t, k) => ({ type: 'scattergl', mode: 'markers', x: t.i, y: t.q, name: 'real', legendgroup: 'real', showlegend: k === 0, marker: { size: 3, color: real, opacity: 0.5 } })),
      ...preview.synthetic.map((t, k) => ({ type: 'scattergl', mode: 'markers', x: t.i, y: t.q, name: 'synthetic', legendgroup: 'syn', showlegend: k === 0, marker: { size: 3, color: synthetic, opacity: 0.7 } })),
    ],
    [preview],
  );
  const frequencyScale = useMemo(() => frequencyAxis(preview.frequency, preview.sampleRate), [preview]);
  const timeTitle = timeAxis(preview.real[0]?.i.length ?? preview.synthetic[0]?.i.length ?? 0, preview.sampleRate).title;
  const time = useMemo(() => {
    const lines = [];
    for (const [trace, name, color] of [[preview.real[0], 'real', real], [preview.synthetic[0], 'synthetic', synthetic]] as const) {
      if (!trace) continue;
      const t = timeAxis(trace.i.length, preview.sampleRate).values;
      lines.push({ type: 'scatter', mode: 'lines', x: t, y: trace.i, name: `${name} I`, line: { width: 1, color } });
      lines.push({ type: 'scatter', mode: 'lines', x: t, y: trace.q, name: `${name} Q`, line: { width: 1, color, dash: 'dot' } });
    }
    return lines;
  }, [preview]);
  const spectra = useMemo(
    () => [
      { type: 'scatter', mode: 'lines', x: frequencyScale.values, y: preview.meanPsdDb.real, name: 'real (class mean)', line: { width: 2, color: real } },
      { type: 'scatter', mode: 'lines', x: frequencyScale.values, y: preview.meanPsdDb.synthetic, name: 'synthetic (class mean)', line: { width: 2, color: synthetic } },
      ...preview.synthetic.map((t, k) => ({ type: 'scatter', mode: 'lines', x: frequencyScale.values, y: t.psdDb, name: 'synthetic', showlegend: false, legendgroup: `s${k}`, line: { width: 1, color: synthetic }, opacity: 0.35 })),
    ],
    [preview, frequencyScale],
  );
  const square = useMemo(() => ({ title: { text: `Constellation · ${preview.className}` }, xaxis: { title: { text: 'I' } }, yaxis: { title: { text: 'Q' }, scaleanchor: 'x' }, legend: { orientation: 'h' } }), [preview.className]);
  const timeLayout = useMemo(() => ({ title: { text: 'I and Q over time' }, xaxis: { title: { text: timeTitle } }, legend: { orientation: 'h' } }), [timeTitle]);
  const psdLayout = useMemo(() => ({ title: { text: 'Power spectral density' }, xaxis: { title: { text: frequencyScale.title } }, yaxis: { title: { text: 'dB' } }, legend: { orientation: 'h' } }), [frequencyScale.title]);
  return (
    <div className="plots-2x2" data-testid="distill-signals" data-class={preview.className} data-synthetic={preview.synthetic.length} data-real={preview.real.length}>
      <Plot label="distill-constellation" data={constellation} layout={square} />
      <Plot label="distill-iq" data={time} layout={timeLayout} />
      <Plot label="distill-psd" data={spectra} layout={psdLayout} />
    </div>
  );
}
