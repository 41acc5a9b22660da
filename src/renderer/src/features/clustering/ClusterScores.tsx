// With labels on the target: ACC / NMI / ARI of every method as the job found them, the scores of
// the current clusters after edits, and the cluster × class matrix.
import type { PlotData } from 'plotly.js-strict-dist-min';
import { clusterMethodLabels, type ClusterRunView } from '../../../../shared/clustering.ts';
import { Plot } from '../../plots/Plot.tsx';
import { clusterLabel } from './ClusterMap.tsx';

const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;

export function ClusterScores({ run }: { run: ClusterRunView }) {
  if (!run.current || !run.confusion) return <p className="muted">The target has no labels: there is nothing to score the clusters against.</p>;
  const live = run.clusters.filter((c) => c.size > 0);
  const heat = {
    type: 'heatmap',
    x: run.classes,
    y: live.map(clusterLabel),
    z: live.map((c) => run.confusion![c.id]!),
    colorscale: 'Blues',
  } as unknown as PlotData;
  return (
    <div className="plots-2x1">
      <div>
        <h3>Scores against the target's labels</h3>
        <table className="grid" aria-label="Clustering scores" data-testid="cluster-scores">
          <thead>
            <tr>
              <th>Method</th>
              <th>ACC</th>
              <th>NMI</th>
              <th>ARI</th>
              <th>Seconds</th>
            </tr>
          </thead>
          <tbody>
            {run.methods.map((m) => (
              <tr key={m.method} data-method={m.method}>
                <td>{clusterMethodLabels[m.method]}</td>
                <td className="num">{m.scores ? pct(m.scores.acc) : '—'}</td>
                <td className="num">{m.scores ? m.scores.nmi.toFixed(3) : '—'}</td>
                <td className="num">{m.scores ? m.scores.ari.toFixed(3) : '—'}</td>
                <td className="num">{m.seconds.toFixed(1)}</td>
              </tr>
            ))}
            <tr data-method="current">
              <td>Current clusters (after your edits)</td>
              <td>{pct(run.current.acc)}</td>
              <td>{run.current.nmi.toFixed(3)}</td>
              <td>{run.current.ari.toFixed(3)}</td>
              <td />
            </tr>
          </tbody>
        </table>
      </div>
      <div>
        <Plot label="cluster-class-matrix" data={[heat]} height={320} layout={{ title: { text: 'Clusters × classes' }, margin: { l: 110, r: 16, t: 32, b: 70 } } as never} />
      </div>
    </div>
  );
}
