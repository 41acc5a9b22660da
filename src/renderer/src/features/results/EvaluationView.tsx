// One scoring of a model: accuracy vs SNR, precision and recall per class, and the confusion
// matrix at one SNR or over all of them — every axis titled, every class named in full.
import { useMemo, useState } from 'react';
import type { ModelEvaluation } from '../../../../shared/dto.ts';
import { percent } from '../../app/format.ts';
import { Plot } from '../../plots/Plot.tsx';
import { evaluationLabel } from './evaluation-label.ts';

function AccuracyBySnr({ evaluation }: { evaluation: ModelEvaluation }) {
  const data = useMemo(
    () => [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'Accuracy',
        x: evaluation.snrs,
        y: evaluation.accuracyBySnr,
        text: evaluation.countBySnr.map((n) => `${n} samples`),
        hovertemplate: '%{x} dB: %{y:.1%} of %{text}<extra></extra>',
      },
    ],
    [evaluation],
  );
  const layout = useMemo(
    () => ({
      title: { text: `Accuracy vs SNR (overall ${percent(evaluation.accuracy)} of ${evaluation.count.toLocaleString()} samples)` },
      xaxis: { title: { text: 'SNR (dB)' } },
      yaxis: { title: { text: 'Accuracy' }, range: [0, 1], tickformat: '.0%' },
      showlegend: false,
    }),
    [evaluation],
  );
  return <Plot label="accuracy-vs-snr" data={data} layout={layout} />;
}

function ClassFiguresChart({ evaluation }: { evaluation: ModelEvaluation }) {
  const data = useMemo(
    () =>
      (['precision', 'recall'] as const).map((k) => ({
        type: 'bar',
        name: k === 'precision' ? 'Precision' : 'Recall',
        x: evaluation.perClass.map((c) => c.className),
        y: evaluation.perClass.map((c) => c[k]),
      })),
    [evaluation],
  );
  const layout = useMemo(
    () => ({
      title: { text: 'Precision and recall per class' },
      barmode: 'group',
      xaxis: { title: { text: 'Class' }, automargin: true },
      yaxis: { title: { text: 'Share' }, range: [0, 1], tickformat: '.0%' },
      legend: { orientation: 'h', y: -0.3 },
    }),
    [],
  );
  return <Plot label="class-figures" data={data} layout={layout} />;
}

function ConfusionMatrix({ evaluation }: { evaluation: ModelEvaluation }) {
  const [snr, setSnr] = useState<string>('all');
  const at = snr === 'all' ? -1 : evaluation.snrs.indexOf(Number(snr));
  const counts = at < 0 ? evaluation.confusion : (evaluation.confusionBySnr[at] ?? []);
  const data = useMemo(() => {
    // each true class's row sums to one, so classes read alike whatever their sample counts
    const z = counts.map((row) => {
      const sum = row.reduce((a, b) => a + b, 0);
      return row.map((v) => (sum ? v / sum : null));
    });
    return [
      {
        type: 'heatmap',
        x: evaluation.classes,
        y: evaluation.classes,
        z,
        customdata: counts,
        zmin: 0,
        zmax: 1,
        colorscale: 'Blues',
        reversescale: true,
        texttemplate: '%{z:.0%}',
        hovertemplate: 'true %{y}, predicted %{x}: %{customdata} samples (%{z:.1%} of %{y})<extra></extra>',
        colorbar: { title: { text: 'Share of the true class', side: 'right' }, tickformat: '.0%' },
      },
    ];
  }, [counts, evaluation]);
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const layout = useMemo(
    () => ({
      title: { text: `Confusion matrix, ${at < 0 ? 'all SNRs' : `${snr} dB`} (${total.toLocaleString()} samples)` },
      xaxis: { title: { text: 'Predicted class' }, automargin: true, tickangle: -45 },
      yaxis: { title: { text: 'True class' }, automargin: true, autorange: 'reversed' },
      margin: { l: 90, r: 16, t: 40, b: 90 },
    }),
    [at, snr, total],
  );
  return (
    <div>
      <label className="row">
        SNR
        <select name="confusion-snr" value={snr} onChange={(e) => setSnr(e.target.value)}>
          <option value="all">all SNRs</option>
          {evaluation.snrs.map((s) => (
            <option key={s} value={String(s)}>
              {s} dB
            </option>
          ))}
        </select>
      </label>
      <Plot label="confusion" data={data} layout={layout} height={Math.max(360, 60 + 26 * evaluation.classes.length)} />
    </div>
  );
}

export function EvaluationView({ evaluation }: { evaluation: ModelEvaluation }) {
  return (
    <div data-testid="evaluation" data-evaluation-id={evaluation.evaluationId ?? 'headline'}>
      <p>
        <strong>{evaluationLabel(evaluation)}</strong>
      </p>
      {evaluation.includesTraining && (
        <p className="warning" role="note" data-testid="includes-training">
          Includes samples the model was trained on (asked for explicitly): this is not a test figure.
        </p>
      )}
      {evaluation.classMap && Object.entries(evaluation.classMap).some(([from, to]) => from !== to) && (
        <p className="muted" data-testid="class-map">
          Classes mapped: {Object.entries(evaluation.classMap).filter(([from, to]) => from !== to).map(([from, to]) => `${from} → ${to ?? 'left out'}`).join(', ')}
        </p>
      )}
      <div className="plots-2x1">
        <AccuracyBySnr evaluation={evaluation} />
        <ClassFiguresChart evaluation={evaluation} />
      </div>
      <div className="plots-2x1">
        <ConfusionMatrix key={evaluation.evaluationId ?? 'headline'} evaluation={evaluation} />
        <table className="grid" aria-label="Per-class results" data-testid="per-class">
          <thead>
            <tr>
              <th>Class</th>
              <th className="num">Samples</th>
              <th className="num">Precision</th>
              <th className="num">Recall</th>
            </tr>
          </thead>
          <tbody>
            {evaluation.perClass.map((c) => (
              <tr key={c.className} data-class={c.className}>
                <td>{c.className}</td>
                <td className="num">{c.support === 0 ? 'no samples' : c.support.toLocaleString()}</td>
                <td className="num">{percent(c.precision)}</td>
                <td className="num">{percent(c.recall)}</td>
              </tr>
            ))}
          </tbody>
          {evaluation.unmappedClasses.length > 0 && (
            <tfoot>
              <tr>
                <td colSpan={4} className="muted">
                  Left out (no model class): {evaluation.unmappedClasses.join(', ')}
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </div>
  );
}
