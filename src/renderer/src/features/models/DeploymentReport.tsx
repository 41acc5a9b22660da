// The deployment report of one exported file: size, cost, accuracy of the file itself overall
// and per SNR, TF.js ↔ ONNX parity, latency, and what int8 quantisation cost in accuracy.
import { useMemo } from 'react';
import type { ExportSummary, LatencyView } from '../../../../shared/dto.ts';
import { bytes, compact, millis, percent } from '../../app/format.ts';
import { Plot } from '../../plots/Plot.tsx';

/** what the TF.js ↔ ONNX difference may reach before the export is called out as suspect */
const parityTolerance = 1e-4;

/** CPU time per call where the report has it (it compares between runs on a busy machine), else the wall clock. */
function latencyText(l: LatencyView): string {
  if (l.cpuP50Ms === undefined || l.cpuP95Ms === undefined) return `${millis(l.p50Ms)} / ${millis(l.p95Ms)} wall clock`;
  return `${millis(l.cpuP50Ms)} / ${millis(l.cpuP95Ms)} CPU (wall ${millis(l.p50Ms)} / ${millis(l.p95Ms)})`;
}

export function DeploymentReport({ summary }: { summary: ExportSummary }) {
  const report = summary.report;
  const perSnr = useMemo(() => {
    if (!report) return [];
    const traces = [{ type: 'scatter', mode: 'lines+markers', name: 'float', x: report.float.accuracy.perSnr.map((s) => s.snr), y: report.float.accuracy.perSnr.map((s) => s.accuracy) }];
    if (report.int8) traces.push({ type: 'scatter', mode: 'lines+markers', name: 'int8', x: report.int8.accuracy.perSnr.map((s) => s.snr), y: report.int8.accuracy.perSnr.map((s) => s.accuracy) });
    return traces;
  }, [report]);
  const layout = useMemo(
    () => ({ title: { text: 'Accuracy of the exported file vs SNR' }, xaxis: { title: { text: 'SNR (dB)' } }, yaxis: { title: { text: 'accuracy' }, range: [0, 1] }, legend: { orientation: 'h', y: -0.3 } }),
    [],
  );
  if (!report) return <p className="muted">Export #{summary.id} has no deployment report.</p>;
  const shipped = report.int8 ?? report.float;
  const parity = report.float.parity.maxAbsDiff;
  return (
    <div className="deployment-report" data-testid="deployment-report" data-export-id={summary.id} data-parity={parity}>
      <h4>
        Deployment report · {summary.format} · <span className="muted">{summary.path}</span>
      </h4>
      <table className="grid report" aria-label="Deployment report">
        <tbody>
          <tr>
            <th>File size</th>
            <td className="num" data-field="file-bytes">{bytes(shipped.fileBytes)}</td>
            <th>Runtime</th>
            <td>{report.runtime}</td>
          </tr>
          <tr>
            <th>Parameters (trainable / total)</th>
            <td className="num" data-field="params">
              {report.params.toLocaleString()} / {report.totalParams === undefined ? '—' : report.totalParams.toLocaleString()}
            </td>
            <th>MACs</th>
            <td className="num">{compact(report.macs)}</td>
          </tr>
          <tr>
            <th>Accuracy (float)</th>
            <td className="num" data-field="accuracy">{percent(report.float.accuracy.overall)}</td>
            <th>Test samples</th>
            <td className="num">{report.float.accuracy.samples.toLocaleString()}</td>
          </tr>
          <tr>
            <th>Accuracy (int8)</th>
            <td className="num">{report.int8 ? percent(report.int8.accuracy.overall) : '—'}</td>
            <th>int8 accuracy drop</th>
            <td className="num" data-field="int8-drop">
              {report.int8 ? `${report.int8.accuracyDropPoints.toFixed(2)} points` : <span className="muted">export as ONNX int8 to measure</span>}
            </td>
          </tr>
          <tr>
            <th>TF.js ↔ file max |Δ|</th>
            <td className={`num ${parity < parityTolerance ? 'ok' : 'error'}`} data-field="parity">{parity.toExponential(2)}</td>
            <th>Compared samples</th>
            <td className="num">{report.float.parity.samples}</td>
          </tr>
          <tr>
            <th>Latency per sample, batch 1 (p50 / p95)</th>
            <td className="num" data-field="latency-batch1">{latencyText(shipped.latency.batch1)}</td>
            <th>Latency per batch of 64 (p50 / p95)</th>
            <td className="num" data-field="latency-batch64">{latencyText(shipped.latency.batch64)}</td>
          </tr>
        </tbody>
      </table>
      <Plot label="export-accuracy-vs-snr" data={perSnr} layout={layout} height={220} />
    </div>
  );
}
