// Cross-entropy and hits from logits computed anywhere (this thread or a helper), so validation
// reads the same whichever thread ran the model.

export interface LogitScores {
  /** summed (not mean) cross-entropy */
  lossSum: number;
  /** correctly classified samples: the first largest logit is the prediction */
  hits: number;
}

/** Scores `labels.length` rows of `logits` ([n][classes] row-major), in float64. */
export function scoreLogits(logits: Float32Array, labels: Int32Array, classes: number): LogitScores {
  let lossSum = 0;
  let hits = 0;
  for (let r = 0; r < labels.length; r++) {
    const row = logits.subarray(r * classes, (r + 1) * classes);
    let best = 0;
    for (let c = 1; c < classes; c++) if (row[c]! > row[best]!) best = c;
    let sumExp = 0;
    for (let c = 0; c < classes; c++) sumExp += Math.exp(row[c]! - row[best]!);
    lossSum += Math.log(sumExp) + row[best]! - row[labels[r]!]!;
    if (best === labels[r]) hits++;
  }
  return { lossSum, hits };
}

/** Running mean loss and accuracy over batches of logits. */
export class ScoreTally {
  private lossSum = 0;
  private hits = 0;
  private count = 0;

  constructor(private readonly classes: number) {}

  add(logits: Float32Array, labels: Int32Array): void {
    const s = scoreLogits(logits, labels, this.classes);
    this.lossSum += s.lossSum;
    this.hits += s.hits;
    this.count += labels.length;
  }

  /** NaN for both when nothing was added. */
  result(): { loss: number; accuracy: number } {
    return this.count === 0 ? { loss: Number.NaN, accuracy: Number.NaN } : { loss: this.lossSum / this.count, accuracy: this.hits / this.count };
  }
}
