// Classification metrics from labels and predictions: plain arithmetic, no tensors.

export interface ClassMetrics {
  className: string;
  /** of the samples predicted as this class, the fraction that are; NaN when none predicted */
  precision: number;
  /** of the samples of this class, the fraction predicted as it; NaN when there are none */
  recall: number;
  support: number;
}

export interface SnrMetrics {
  snr: number;
  count: number;
  accuracy: number;
  /** confusion[true][predicted] at this SNR */
  confusion: number[][];
}

export interface EvaluationReport {
  count: number;
  accuracy: number;
  classes: string[];
  /** confusion[true][predicted] over every sample */
  confusion: number[][];
  perClass: ClassMetrics[];
  /** ascending SNR; samples with unknown SNR are only in the overall figures */
  perSnr: SnrMetrics[];
}

function emptyMatrix(c: number): number[][] {
  return Array.from({ length: c }, () => new Array<number>(c).fill(0));
}

function trace(m: number[][]): number {
  return m.reduce((s, row, i) => s + row[i]!, 0);
}

/** Samples whose label is outside 0..C-1 (e.g. -1, unlabelled) are skipped. */
export function classificationReport(labels: Int32Array, predicted: Int32Array, snr: Float32Array, classes: string[]): EvaluationReport {
  const c = classes.length;
  const confusion = emptyMatrix(c);
  const bySnr = new Map<number, number[][]>();
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i]!;
    const p = predicted[i]!;
    if (t < 0 || t >= c || p < 0 || p >= c) continue;
    count++;
    confusion[t]![p]!++;
    const s = snr[i]!;
    if (Number.isNaN(s)) continue;
    let m = bySnr.get(s);
    if (!m) bySnr.set(s, (m = emptyMatrix(c)));
    m[t]![p]!++;
  }
  const perClass = classes.map((className, k) => {
    const predictedAs = confusion.reduce((sum, row) => sum + row[k]!, 0);
    const support = confusion[k]!.reduce((a, b) => a + b, 0);
    const hits = confusion[k]![k]!;
    return { className, precision: predictedAs ? hits / predictedAs : Number.NaN, recall: support ? hits / support : Number.NaN, support };
  });
  const perSnr = [...bySnr.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, m]) => {
      const n = m.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
      return { snr: s, count: n, accuracy: trace(m) / n, confusion: m };
    });
  return { count, accuracy: count ? trace(confusion) / count : Number.NaN, classes: [...classes], confusion, perClass, perSnr };
}
