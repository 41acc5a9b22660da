// Fisher's optimal segmentation (step 2 of “A Generic Layer Pruning Method for Signal Modulation Recognition
// Deep Learning Models”): split an ordered sequence of layers into K contiguous blocks minimising the total
// within-block sum of squared deviations of a per-layer feature vector (e.g. the layer's row of the
// similarity matrix). Exact dynamic programme.

export interface Segmentation {
  /** start index of every block, ascending; the first is always 0 */
  starts: number[];
  /** total within-block sum of squared deviations */
  cost: number;
}

/** cost[i][j] = SSE of items i..j inclusive around their mean, for all i ≤ j. */
function segmentCosts(features: number[][]): number[][] {
  const m = features.length;
  const d = features[0]?.length ?? 0;
  const cost = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    const sum = new Float64Array(d);
    let sumSq = 0;
    for (let j = i; j < m; j++) {
      const f = features[j]!;
      for (let k = 0; k < d; k++) {
        sum[k]! += f[k]!;
        sumSq += f[k]! * f[k]!;
      }
      const count = j - i + 1;
      let meanSq = 0;
      for (let k = 0; k < d; k++) meanSq += sum[k]! * sum[k]!;
      cost[i]![j] = Math.max(0, sumSq - meanSq / count);
    }
  }
  return cost;
}

export function fisherSegmentation(features: number[][], blocks: number): Segmentation {
  const m = features.length;
  if (!Number.isInteger(blocks) || blocks < 1 || blocks > m) {
    throw new Error(`cannot split ${m} layers into ${blocks} blocks`);
  }
  const cost = segmentCosts(features);
  // best[k][j]: least cost of splitting items 0..j into k+1 blocks; cut[k][j]: start of the last block.
  const best = Array.from({ length: blocks }, () => new Array<number>(m).fill(Infinity));
  const cut = Array.from({ length: blocks }, () => new Array<number>(m).fill(0));
  for (let j = 0; j < m; j++) best[0]![j] = cost[0]![j]!;
  for (let k = 1; k < blocks; k++) {
    for (let j = k; j < m; j++) {
      for (let s = k; s <= j; s++) {
        const c = best[k - 1]![s - 1]! + cost[s]![j]!;
        if (c < best[k]![j]!) {
          best[k]![j] = c;
          cut[k]![j] = s;
        }
      }
    }
  }
  const starts: number[] = [];
  let end = m - 1;
  for (let k = blocks - 1; k > 0; k--) {
    const s = cut[k]![end]!;
    starts.unshift(s);
    end = s - 1;
  }
  starts.unshift(0);
  return { starts, cost: best[blocks - 1]![m - 1]! };
}

/**
 * Cost of every K from 1 to maxBlocks, and the elbow: the K whose gain over K−1 blocks is largest
 * relative to the gain one more block would still bring.
 */
export function segmentationElbow(features: number[][], maxBlocks: number): { costs: number[]; elbow: number } {
  const limit = Math.min(maxBlocks, features.length);
  const costs: number[] = [];
  for (let k = 1; k <= limit; k++) costs.push(fisherSegmentation(features, k).cost);
  if (costs.length < 3) return { costs, elbow: costs.length };
  const floor = 1e-9 * Math.max(costs[0]!, 1e-300);
  let elbow = 2;
  let bestRatio = -Infinity;
  for (let k = 1; k < costs.length - 1; k++) {
    const gainIn = costs[k - 1]! - costs[k]!;
    const gainOut = costs[k]! - costs[k + 1]!;
    const ratio = gainIn / (gainOut + floor);
    if (ratio > bestRatio) {
      bestRatio = ratio;
      elbow = k + 1;
    }
  }
  return { costs, elbow };
}
