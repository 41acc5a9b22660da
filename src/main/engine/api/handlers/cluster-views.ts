// What the Clustering page shows of a stored run: its clusters (sizes, names, classes inside),
// the methods' scores as the job found them, the scores of the current assignments after the
// user's merges and splits, the 2-D map coloured by current cluster, and one card per cluster
// (density constellation and mean spectrum of its members).
import type { ClusterCardView, ClusterMapView, ClusterMethodView, ClusterRunBrief, ClusterRunView, ClusterScoresView, ClusterTransfer } from '../../../../shared/clustering.ts';
import { constellationDensity } from '../../dsp/constellation.ts';
import { fft, fftshift } from '../../dsp/fft.ts';
import { clusterSizes } from '../../ml/cluster/cluster-guard.ts';
import { clusteringReport } from '../../ml/cluster/cluster-metrics.ts';
import type { ClusterRunSummary } from '../../store/cluster-runs.ts';
import type { ProjectStore } from '../../store/project.ts';

/** What the cluster job stores as a run's result. */
export interface StoredClusterResult {
  transfer: ClusterTransfer;
  encoder: string;
  stoppedBy: string;
  iterations: number;
  classes: string[];
  methods: ClusterMethodView[];
  map: { method: 'umap' | 'pca'; indices: number[]; x: number[]; y: number[] } | null;
  kEstimate: ClusterRunView['kEstimate'];
}

function resultOf(run: ClusterRunSummary): StoredClusterResult {
  return run.result as unknown as StoredClusterResult;
}

export function clusterRunBrief(run: ClusterRunSummary): ClusterRunBrief {
  const r = resultOf(run);
  return {
    id: run.id,
    name: run.name,
    jobId: run.jobId,
    targetDatasetId: run.targetDatasetId,
    sourceDatasetId: run.sourceDatasetId,
    k: run.k,
    seed: run.seed,
    transfer: r.transfer,
    encoder: r.encoder,
    stoppedBy: r.stoppedBy,
    iterations: r.iterations,
    dtc: r.methods.find((m) => m.method === 'dtc')?.scores ?? null,
    createdAt: run.createdAt,
  };
}

const labelPage = 10_000;

/** Each member's label in the run's target order (-1 where the target has none). */
function labelsInRunOrder(store: ProjectStore, run: ClusterRunSummary, sampleIds: Int32Array): { labels: Int32Array; snr: Float32Array } {
  const byId = new Map<number, { classIndex: number; snr: number | null }>();
  // the store pages its index; the labels come without the I/Q
  for (let offset = 0; ; offset += labelPage) {
    const page = store.pageSamples({ datasetId: run.targetDatasetId }, { offset, limit: labelPage });
    for (const r of page.rows) byId.set(r.id, r);
    if (offset + labelPage >= page.total) break;
  }
  const labels = new Int32Array(sampleIds.length);
  const snr = new Float32Array(sampleIds.length);
  sampleIds.forEach((id, p) => {
    const row = byId.get(id);
    labels[p] = row ? row.classIndex : -1;
    snr[p] = row?.snr ?? Number.NaN;
  });
  return { labels, snr };
}

export function clusterRunView(store: ProjectStore, runId: number): ClusterRunView {
  const run = store.getClusterRun(runId);
  const stored = resultOf(run);
  const membership = store.clusterMembership(runId);
  const { labels, snr } = labelsInRunOrder(store, run, membership.sampleIds);
  const classes = stored.classes;
  const labelled = classes.length > 0 && labels.some((y) => y >= 0);
  const report = labelled ? clusteringReport(membership.clusters, labels, snr, run.k, classes) : null;
  const sizes = clusterSizes(membership.clusters, run.k);
  const confidenceSum = new Array<number>(run.k).fill(0);
  membership.clusters.forEach((c, p) => (confidenceSum[c]! += membership.confidence[p]!));
  const map: ClusterMapView | null = stored.map && {
    method: stored.map.method,
    x: stored.map.x,
    y: stored.map.y,
    cluster: stored.map.indices.map((p) => membership.clusters[p]!),
  };
  const current: ClusterScoresView | null = report && { count: report.count, acc: report.acc, nmi: report.nmi, ari: report.ari };
  return {
    ...clusterRunBrief(run),
    clusters: sizes.map((size, id) => ({
      id,
      name: run.labels.names[String(id)] ?? null,
      size,
      confidence: size ? confidenceSum[id]! / size : 0,
      classCounts: report ? report.confusion[id]! : null,
    })),
    methods: stored.methods,
    classes,
    confusion: report?.confusion ?? null,
    current,
    map,
    edits: run.labels.edits,
    kEstimate: stored.kEstimate,
  };
}

/**
 * One card per cluster, from one read of the target: up to maxSamples members each (the first in
 * the run's order, so a card looks the same every time).
 */
export function clusterCards(store: ProjectStore, runId: number, bins: number, maxSamples: number): ClusterCardView[] {
  const run = store.getClusterRun(runId);
  const membership = store.clusterMembership(runId);
  const target = store.loadSamples({ datasetId: run.targetDatasetId });
  const rowOf = new Map(Array.from(target.ids, (id, row) => [id, row]));
  const length = target.length;
  const per = 2 * length;
  const sizes = clusterSizes(membership.clusters, run.k);
  const drawn = sizes.map(() => [] as number[]);
  membership.clusters.forEach((c, p) => {
    if (drawn[c]!.length < maxSamples) drawn[c]!.push(rowOf.get(membership.sampleIds[p]!)!);
  });
  return drawn.map((rows, cluster) => {
    const x = new Float32Array(rows.length * per);
    rows.forEach((row, m) => x.set(target.x.subarray(row * per, (row + 1) * per), m * per));
    const density = rows.length > 0 ? constellationDensity(x, length, { bins }) : null;
    const power = new Float64Array(length);
    for (let v = 0; v < rows.length; v++) {
      const spectrum = fft(x.subarray(v * per, v * per + length), x.subarray(v * per + length, (v + 1) * per));
      for (let k = 0; k < length; k++) power[k] += spectrum.re[k]! ** 2 + spectrum.im[k]! ** 2;
    }
    const shifted = fftshift(power);
    const peak = Math.max(...shifted, Number.MIN_VALUE);
    return {
      runId,
      cluster,
      name: run.labels.names[String(cluster)] ?? null,
      size: sizes[cluster]!,
      density: density
        ? { bins, extent: density.extent, counts: Array.from(density.counts), samples: rows.length }
        : { bins, extent: 1, counts: new Array<number>(bins * bins).fill(0), samples: 0 },
      spectrum: {
        frequency: Array.from({ length }, (_, k) => (k - Math.floor(length / 2)) / length),
        powerDb: Array.from(shifted, (p) => (p > 0 ? 10 * Math.log10(p / peak) : -200)),
      },
    };
  });
}
