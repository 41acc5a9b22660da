// Shapes of the clustering channels: runs, their clusters and scores, the 2-D map, one card per
// cluster, and the names of the methods compared. Plain TS, as the rest of shared/.

export const clusterMethodNames = ['kmeans-iq', 'kmeans-spectral', 'kmeans-embedding', 'dtc'] as const;
export type ClusterMethodName = (typeof clusterMethodNames)[number];

export const clusterMethodLabels: Record<ClusterMethodName, string> = {
  'kmeans-iq': 'k-means on raw I/Q',
  'kmeans-spectral': 'k-means on |FFT| + cumulants',
  'kmeans-embedding': 'k-means on the transferred embedding (no fine-tuning)',
  dtc: 'Deep transfer clustering',
};

export const clusterTransfers = ['source', 'none'] as const;
export type ClusterTransfer = (typeof clusterTransfers)[number];

export interface ClusterScoresView {
  count: number;
  acc: number;
  nmi: number;
  ari: number;
}

export interface ClusterMethodView {
  method: ClusterMethodName;
  seconds: number;
  /** null when the target has no labels */
  scores: ClusterScoresView | null;
  perSnr: (ClusterScoresView & { snr: number })[];
}

export interface ClusterRunBrief {
  id: number;
  name: string;
  jobId: number | null;
  targetDatasetId: number;
  sourceDatasetId: number | null;
  k: number;
  seed: number;
  transfer: ClusterTransfer;
  encoder: string;
  stoppedBy: string;
  iterations: number;
  /** the deep clustering's scores as the job found them; null without labels */
  dtc: ClusterScoresView | null;
  createdAt: string;
}

export interface ClusterView {
  id: number;
  name: string | null;
  size: number;
  /** mean of the members' largest soft assignment */
  confidence: number;
  /** members per class of the target's own labels, null without labels */
  classCounts: number[] | null;
}

export type ClusterEditView =
  | { op: 'merge'; from: number; into: number }
  | { op: 'split'; cluster: number; into: number; moved: number; seed: number };

export interface ClusterMapView {
  /** 'umap' when UMAP ran, else the first two principal components */
  method: 'umap' | 'pca';
  x: number[];
  y: number[];
  /** the current cluster of each point (after edits) */
  cluster: number[];
}

export interface ClusterRunView extends ClusterRunBrief {
  clusters: ClusterView[];
  methods: ClusterMethodView[];
  /** the target's class names; empty without labels */
  classes: string[];
  /** confusion[cluster][class] of the current assignments; null without labels */
  confusion: number[][] | null;
  /** scores of the current assignments (they change with merges and splits); null without labels */
  current: ClusterScoresView | null;
  map: ClusterMapView | null;
  edits: ClusterEditView[];
  /** the silhouette K estimate, when the run asked for one */
  kEstimate: { k: number; scores: { k: number; silhouette: number }[] } | null;
}

export interface ClusterCardView {
  runId: number;
  cluster: number;
  name: string | null;
  size: number;
  /** density constellation of (up to maxSamples of) the members */
  density: { bins: number; extent: number; counts: number[]; samples: number };
  /** mean power spectrum of the members, dB relative to its peak, over normalised frequency −0.5 … 0.5 */
  spectrum: { frequency: number[]; powerDb: number[] };
}
