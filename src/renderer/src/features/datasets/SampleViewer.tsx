// One sample from every angle: constellation, I/Q over time, amplitude/phase, spectrum, eye
// diagram and graphs.
import { useMemo } from 'react';
import type { SampleView } from '../../../../shared/dto.ts';
import { Plot } from '../../plots/Plot.tsx';
import { frequencyAxis, timeAxis } from '../../plots/signal-axes.ts';
import { SampleGraphs } from '../graphs/SampleGraphs.tsx';
import { EyeDiagramPlot } from './EyeDiagramPlot.tsx';

function sampleTitle(s: SampleView): string {
  return `#${s.id} · ${s.className} · ${s.snr === null ? 'SNR unknown' : `${s.snr} dB`} · ${s.split}`;
}

export function SampleViewer({ sample, onStep }: { sample: SampleView; onStep: (delta: number) => void }) {
  const timeScale = useMemo(() => timeAxis(sample.i.length, sample.sampleRate), [sample]);
  const frequencyScale = useMemo(() => frequencyAxis(sample.psd.frequency, sample.sampleRate), [sample]);
  const t = timeScale.values;
  const constellation = useMemo(() => [{ type: 'scattergl', mode: 'markers', x: sample.i, y: sample.q, marker: { size: 4, opacity: 0.7 }, name: 'I/Q' }], [sample]);
  const time = useMemo(
    () => [
      { type: 'scatter', mode: 'lines', x: t, y: sample.i, name: 'I', line: { width: 1 } },
      { type: 'scatter', mode: 'lines', x: t, y: sample.q, name: 'Q', line: { width: 1 } },
    ],
    [sample, t],
  );
  const polar = useMemo(
    () => [
      { type: 'scatter', mode: 'lines', x: t, y: sample.amplitude, name: 'amplitude', line: { width: 1 } },
      { type: 'scatter', mode: 'lines', x: t, y: sample.phase, name: 'phase (rad)', yaxis: 'y2', line: { width: 1 } },
    ],
    [sample, t],
  );
  const psd = useMemo(() => [{ type: 'scatter', mode: 'lines', x: frequencyScale.values, y: sample.psd.db, name: 'PSD', line: { width: 1 } }], [sample, frequencyScale]);
  const square = useMemo(() => ({ title: { text: 'Constellation' }, xaxis: { title: { text: 'I' } }, yaxis: { title: { text: 'Q' }, scaleanchor: 'x' }, showlegend: false }), []);
  const timeLayout = useMemo(() => ({ title: { text: 'I and Q over time' }, xaxis: { title: { text: timeScale.title } }, legend: { orientation: 'h' } }), [timeScale.title]);
  const polarLayout = useMemo(
    () => ({
      title: { text: 'Amplitude and phase' },
      xaxis: { title: { text: timeScale.title } },
      yaxis2: { overlaying: 'y', side: 'right', showgrid: false },
      legend: { orientation: 'h' },
    }),
    [timeScale.title],
  );
  const psdLayout = useMemo(() => ({ title: { text: 'Power spectral density' }, xaxis: { title: { text: frequencyScale.title } }, yaxis: { title: { text: 'dB' } }, showlegend: false }), [frequencyScale.title]);

  return (
    <section className="viewer" aria-label="Sample viewer" data-testid="sample-viewer" data-sample-id={sample.id}>
      <header className="viewer-head">
        <button type="button" onClick={() => onStep(-1)} aria-label="Previous sample">
          ◀
        </button>
        <strong>{sampleTitle(sample)}</strong>
        <button type="button" onClick={() => onStep(1)} aria-label="Next sample">
          ▶
        </button>
        <span className="muted">arrow keys in the table step through samples</span>
      </header>
      <div className="plots-2x2">
        <Plot label="constellation" data={constellation} layout={square} />
        <Plot label="iq-time" data={time} layout={timeLayout} />
        <Plot label="amplitude-phase" data={polar} layout={polarLayout} />
        <Plot label="psd" data={psd} layout={psdLayout} />
      </div>
      <EyeDiagramPlot datasetId={sample.datasetId} sampleId={sample.id} />
      <SampleGraphs datasetId={sample.datasetId} sampleId={sample.id} />
    </section>
  );
}
