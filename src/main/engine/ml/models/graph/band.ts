// Graph adjacencies as tensors, in one of two forms the graph layers accept:
//  - dense: [n, N, N], entry (t, s) the weight of edge t → s;
//  - band:  [n, N, 2h + 1], entry (t, o + h) the weight of edge t → t + o (o = −h … h), zero where
//    t + o falls outside the graph: a graph whose edges join only nodes less than h apart, at
//    (2h + 1)/N of the dense size and work.
// Products with a band run on the band kernels where the backend has them (ml/kernels/band-mat-mul.ts,
// wasm) and through the dense matrix elsewhere; both give the same values and gradients.
import { BandMatMul } from '../../kernels/band-mat-mul.ts';
import { tf } from '../../tfjs.ts';

export type AdjacencyForm = 'band' | 'dense';

/** The half width h of a band adjacency [n, N, 2h + 1]. */
export function halfWidthOf(band: tf.Tensor): number {
  return (band.shape[2]! - 1) / 2;
}

/**
 * The dense [n, N, N] matrix of a band: each row padded to N + 2h + 1 entries and the whole read
 * back with rows of N + 2h, which moves row t right by t places; column h + s then holds entry (t, s).
 */
export function bandToDense(band: tf.Tensor): tf.Tensor3D {
  return tf.tidy(() => {
    const [n, N, W] = band.shape as [number, number, number];
    const h = (W - 1) / 2;
    const wide = tf.reshape(tf.pad(band, [[0, 0], [0, 0], [0, N]]), [n, N * (N + W)]);
    const skewed = tf.reshape(tf.slice(wide, [0, 0], [n, N * (N + W - 1)]), [n, N, N + W - 1]);
    return tf.slice(skewed, [0, 0, h], [n, N, N]) as tf.Tensor3D;
  });
}

function hasBandKernel(): boolean {
  return tf.getKernel(BandMatMul, tf.getBackend()) !== undefined;
}

/** a·x, or aᵀ·x with `transpose`, for a band or dense adjacency a [n, N, ·] and x [n, N, F]. */
export function adjacencyMatMul(a: tf.Tensor, x: tf.Tensor, form: AdjacencyForm, transpose = false): tf.Tensor3D {
  if (form === 'dense') return tf.matMul(a as tf.Tensor3D, x as tf.Tensor3D, transpose, false);
  if (hasBandKernel() && a.dtype === 'float32' && x.dtype === 'float32') {
    return tf.engine().runKernel(BandMatMul, { band: a, x }, { transpose } as never) as tf.Tensor3D;
  }
  return tf.tidy(() => tf.matMul(bandToDense(a), x as tf.Tensor3D, transpose, false));
}
