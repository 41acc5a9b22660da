// The adaptive visibility graph of a trained AVGNet for one series, in plain arithmetic on the
// stored weights: the layer's 2m + 2 weight tensors and an L-step series are all it needs, so the
// views get it without building the model. Same values as AdaptiveVisibility (adaptive-visibility.ts).
import { AppError } from '../../../../../shared/errors.ts';
import type { NamedWeights } from '../../persist/weights.ts';

export interface AdaptiveFilters {
  /** kernels[d − 1]: the d + 1 taps of diagonal d */
  kernels: Float32Array[];
  biases: number[];
}

/** The layer's filters from a model's stored weights (layer name `layer`). */
export function adaptiveFilters(weights: NamedWeights, layer: string): AdaptiveFilters {
  const kernels: Float32Array[] = [];
  const biases: number[] = [];
  for (let d = 1; weights.has(`${layer}/diag${d}_kernel`); d++) {
    const kernel = weights.get(`${layer}/diag${d}_kernel`)!;
    const bias = weights.get(`${layer}/diag${d}_bias`);
    if (kernel.values.length !== d + 1 || !bias || bias.values.length !== 1) {
      throw new AppError('BAD_FILE', `weights of '${layer}': diagonal ${d} needs ${d + 1} taps and one bias, found ${kernel.values.length} and ${bias?.values.length ?? 0}`);
    }
    kernels.push(kernel.values);
    biases.push(bias.values[0]!);
  }
  if (kernels.length === 0) throw new AppError('VALIDATION', `the model has no adaptive visibility layer '${layer}'`);
  return { kernels, biases };
}

/**
 * Band [L][2m + 1] (entry (t, o + m) the weight of edge (t, t + o)) of one series: edge (t, t + d)
 * weighs relu(bias_d + Σ_j kernel_d[j]·x[t + j]), and the graph is symmetric.
 */
export function adaptiveBand(series: ArrayLike<number>, filters: AdaptiveFilters): Float32Array {
  const L = series.length;
  const m = filters.kernels.length;
  const W = 2 * m + 1;
  const band = new Float32Array(L * W);
  for (let d = 1; d <= m; d++) {
    const kernel = filters.kernels[d - 1]!;
    const bias = filters.biases[d - 1]!;
    for (let t = 0; t + d < L; t++) {
      let v = bias;
      for (let j = 0; j <= d; j++) v += kernel[j]! * series[t + j]!;
      const w = Math.max(0, v);
      band[t * W + m + d] = w;
      band[(t + d) * W + m - d] = w;
    }
  }
  return band;
}
