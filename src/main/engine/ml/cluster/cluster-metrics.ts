// External clustering scores against known classes (evaluation only, never used in training):
// ACC — the share of samples on the best one-to-one map of clusters to classes (Hungarian);
// NMI — mutual information over the arithmetic mean of the two entropies (natural logs);
// ARI — the Rand index adjusted for chance, from the pair counts of the contingency table.
import { maxScoreAssignment } from './hungarian.ts';

export interface ClusterScores {
  count: number;
  acc: number;
  nmi: number;
  ari: number;
}

export interface SnrClusterScores extends ClusterScores {
  snr: number;
}

export interface ClusteringReport extends ClusterScores {
  classes: string[];
  clusters: number;
  /** confusion[cluster][class]: samples of each class in each cluster */
  confusion: number[][];
  /** the class each cluster maps to for ACC, -1 where a cluster is left unmatched */
  clusterToClass: number[];
  /** ascending SNR; ACC uses the overall map, so a cluster keeps one class at every SNR */
  perSnr: SnrClusterScores[];
}

/** table[cluster][class] over the samples whose class is in 0..classes-1. */
export function contingency(clusters: ArrayLike<number>, labels: ArrayLike<number>, k: number, classes: number): number[][] {
  if (clusters.length !== labels.length) throw new RangeError(`contingency: ${clusters.length} cluster ids but ${labels.length} labels`);
  const table = Array.from({ length: k }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const c = clusters[i]!;
    const y = labels[i]!;
    if (y < 0 || y >= classes) continue;
    if (!Number.isInteger(c) || c < 0 || c >= k) throw new RangeError(`contingency: sample ${i} is in cluster ${c}, outside 0..${k - 1}`);
    table[c]![y]!++;
  }
  return table;
}

function total(table: number[][]): number {
  return table.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
}

const rowSums = (table: number[][]): number[] => table.map((row) => row.reduce((a, b) => a + b, 0));
const colSums = (table: number[][]): number[] => (table[0] ?? []).map((_, j) => table.reduce((s, row) => s + row[j]!, 0));

/** ACC of a table under its best one-to-one cluster → class map, and that map. */
export function accuracyOf(table: number[][]): { acc: number; clusterToClass: number[] } {
  const n = total(table);
  const map = Array.from(maxScoreAssignment(table));
  const matched = map.reduce((s, c, k) => s + (c >= 0 ? table[k]![c]! : 0), 0);
  return { acc: n ? matched / n : Number.NaN, clusterToClass: map };
}

function entropy(counts: number[], n: number): number {
  return counts.reduce((h, c) => (c > 0 ? h - (c / n) * Math.log(c / n) : h), 0);
}

export function nmiOf(table: number[][]): number {
  const n = total(table);
  if (n === 0) return Number.NaN;
  const a = rowSums(table);
  const b = colSums(table);
  const usedA = a.filter((v) => v > 0).length;
  const usedB = b.filter((v) => v > 0).length;
  // one group on both sides is a perfect (if trivial) agreement
  if (usedA === 1 && usedB === 1) return 1;
  let mi = 0;
  for (let i = 0; i < table.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const nij = table[i]![j]!;
      if (nij > 0) mi += (nij / n) * Math.log((n * nij) / (a[i]! * b[j]!));
    }
  }
  if (mi <= 0) return 0;
  const mean = (entropy(a, n) + entropy(b, n)) / 2;
  return mi / Math.max(mean, Number.EPSILON);
}

const pairs = (m: number): number => (m * (m - 1)) / 2;

export function ariOf(table: number[][]): number {
  const n = total(table);
  if (n === 0) return Number.NaN;
  const together = table.reduce((s, row) => s + row.reduce((t, v) => t + pairs(v), 0), 0);
  const sameCluster = rowSums(table).reduce((s, v) => s + pairs(v), 0);
  const sameClass = colSums(table).reduce((s, v) => s + pairs(v), 0);
  const splitApart = sameClass - together;
  const joinedWrongly = sameCluster - together;
  const apartBoth = pairs(n) - sameCluster - sameClass + together;
  if (splitApart === 0 && joinedWrongly === 0) return 1;
  const numerator = 2 * (together * apartBoth - splitApart * joinedWrongly);
  const denominator = (together + splitApart) * (splitApart + apartBoth) + (together + joinedWrongly) * (joinedWrongly + apartBoth);
  return numerator / denominator;
}

function scoresOf(table: number[][], clusterToClass?: number[]): ClusterScores {
  const count = total(table);
  const acc = clusterToClass
    ? (count ? clusterToClass.reduce((s, c, k) => s + (c >= 0 ? table[k]![c]! : 0), 0) / count : Number.NaN)
    : accuracyOf(table).acc;
  return { count, acc, nmi: nmiOf(table), ari: ariOf(table) };
}

/** ACC, NMI and ARI of cluster ids against labels; a label outside 0..C-1 (unlabelled) is skipped. */
export function clusterScores(clusters: ArrayLike<number>, labels: ArrayLike<number>, k: number, classes: number): ClusterScores {
  return scoresOf(contingency(clusters, labels, k, classes));
}

export function clusteringReport(clusters: Int32Array, labels: Int32Array, snr: Float32Array, k: number, classes: string[]): ClusteringReport {
  const confusion = contingency(clusters, labels, k, classes.length);
  const { clusterToClass } = accuracyOf(confusion);
  const bySnr = new Map<number, { c: number[]; y: number[] }>();
  for (let i = 0; i < labels.length; i++) {
    const s = snr[i]!;
    if (Number.isNaN(s)) continue;
    let group = bySnr.get(s);
    if (!group) bySnr.set(s, (group = { c: [], y: [] }));
    group.c.push(clusters[i]!);
    group.y.push(labels[i]!);
  }
  const perSnr = [...bySnr.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, g]) => ({ snr: s, ...scoresOf(contingency(g.c, g.y, k, classes.length), clusterToClass) }))
    .filter((r) => r.count > 0);
  return { ...scoresOf(confusion, clusterToClass), classes: [...classes], clusters: k, confusion, clusterToClass, perSnr };
}
