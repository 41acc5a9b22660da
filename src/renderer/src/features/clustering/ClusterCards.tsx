// One card per cluster: its size, a density constellation and the mean spectrum of its members,
// the classes inside when the target has labels, and the user's name for it, merge and split.
import { useEffect, useState } from 'react';
import type { ClusterCardView, ClusterView } from '../../../../shared/clustering.ts';
import { useTheme } from '../../app/theme.ts';
import { DensityCanvas } from '../datasets/DensityCanvas.tsx';
import { clusterLabel } from './ClusterMap.tsx';

export interface CardActions {
  onName: (cluster: number, name: string) => void;
  onMerge: (from: number, into: number) => void;
  onSplit: (cluster: number) => void;
}

/** The mean spectrum as an SVG line: a plotly figure per card would be heavy for dozens of cards. */
function SpectrumLine({ spectrum }: { spectrum: ClusterCardView['spectrum'] }) {
  const floor = -40;
  const w = 160;
  const h = 48;
  const n = spectrum.powerDb.length;
  const points = spectrum.powerDb.map((db, k) => `${((k / Math.max(1, n - 1)) * w).toFixed(1)},${((Math.min(0, Math.max(floor, db)) / floor) * h).toFixed(1)}`).join(' ');
  return (
    <svg className="cluster-spectrum" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label="mean spectrum">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.2} />
    </svg>
  );
}

function ClusterCard({ card, cluster, others, classes, actions }: { card: ClusterCardView; cluster: ClusterView; others: ClusterView[]; classes: string[]; actions: CardActions }) {
  const { dark } = useTheme();
  const [name, setName] = useState(cluster.name ?? '');
  const [mergeInto, setMergeInto] = useState<number | null>(null);
  useEffect(() => setName(cluster.name ?? ''), [cluster.name]);
  const top = cluster.classCounts
    ? cluster.classCounts
        .map((count, k) => ({ count, name: classes[k]! }))
        .filter((c) => c.count > 0)
        .sort((a, b) => b.count - a.count)
        .slice(0, 3)
    : [];
  return (
    <article className="cluster-card" data-testid={`cluster-card-${cluster.id}`} aria-label={clusterLabel(cluster)}>
      <header>
        <strong>{clusterLabel(cluster)}</strong> <span className="muted">{cluster.size} signals · confidence {cluster.confidence.toFixed(2)}</span>
      </header>
      <div className="cluster-card-plots">
        <DensityCanvas grid={card.density} size={96} dark={dark} />
        <SpectrumLine spectrum={card.spectrum} />
      </div>
      {top.length > 0 && <p className="muted">labels inside: {top.map((c) => `${c.name} ${c.count}`).join(', ')}</p>}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          actions.onName(cluster.id, name);
        }}
      >
        <input name={`cluster-name-${cluster.id}`} aria-label={`name of cluster ${cluster.id}`} placeholder="name, e.g. QPSK" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Name</button>
      </form>
      <div className="row">
        <select name={`cluster-merge-${cluster.id}`} aria-label={`merge cluster ${cluster.id} into`} value={mergeInto ?? ''} onChange={(e) => setMergeInto(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">merge into…</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {clusterLabel(o)}
            </option>
          ))}
        </select>
        <button type="button" disabled={mergeInto === null} onClick={() => mergeInto !== null && actions.onMerge(cluster.id, mergeInto)}>
          Merge
        </button>
        <button type="button" disabled={cluster.size < 2} onClick={() => actions.onSplit(cluster.id)}>
          Split
        </button>
      </div>
    </article>
  );
}

export function ClusterCards({ cards, clusters, classes, actions }: { cards: ClusterCardView[]; clusters: ClusterView[]; classes: string[]; actions: CardActions }) {
  const live = clusters.filter((c) => c.size > 0);
  return (
    <div className="cluster-cards" data-testid="cluster-cards">
      {live.map((c) => {
        const card = cards.find((k) => k.cluster === c.id);
        return card ? <ClusterCard key={c.id} card={card} cluster={c} others={live.filter((o) => o.id !== c.id)} classes={classes} actions={actions} /> : null;
      })}
    </div>
  );
}
