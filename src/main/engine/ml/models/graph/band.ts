// Graph adjacencies as tensors, in one of two forms the graph layers accept:
//  - dense: [n, N, N], entry (t, s) the weight of edge t → s;
//  - band:  [n, N, 2h + 1], entry (t, o + h) the weight of edge t → t + o (o = −h … h), zero where
//    t + o falls outside the graph: a graph whose edges join only nodes less than h apart, at
//    (2h + 1)/N of the dense size and work.
// Products with a band run on the band kernels where the backend has them (ml/kernels/band-mat-mul.ts,
// wasm) and through the dense matrix elsewhere; both give the same values and gradients.
import { BandMatMulAdd } from '../../kernels/band-mat-mul-add.ts';
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
    const features = x.shape[2]!;
    const product = (v: tf.Tensor) => tf.engine().runKernel(BandMatMul, { band: a, x: v }, { transpose } as never) as tf.Tensor3D;
    if (features % 4 === 0) return product(x);
    // The SIMD kernels take features in groups of 4; on AVGNet's two input features the scalar
    // path took 3x the time of the SIMD one on 64 features, so zero features are added and dropped.
    return tf.tidy(() => tf.slice(product(tf.pad(x, [[0, 0], [0, 0], [0, 4 - (features % 4)]])), [0, 0, 0], [-1, -1, features]));
  }
  return tf.tidy(() => tf.matMul(bandToDense(a), x as tf.Tensor3D, transpose, false));
}

/**
 * addend + a·x (or + aᵀ·x), addend of the product's shape [n, N, F]: on the band kernel in one
 * pass where it takes these features, elsewhere as the product and an Add.
 */
export function adjacencyMatMulAdd(a: tf.Tensor, x: tf.Tensor, addend: tf.Tensor, form: AdjacencyForm, transpose = false): tf.Tensor3D {
  const fused = form === 'band' && tf.getKernel(BandMatMulAdd, tf.getBackend()) !== undefined && x.shape[2]! % 4 === 0;
  if (fused && a.dtype === 'float32' && x.dtype === 'float32' && addend.dtype === 'float32') {
    return tf.engine().runKernel(BandMatMulAdd, { band: a, x, addend }, { transpose } as never) as tf.Tensor3D;
  }
  return tf.tidy(() => tf.add(addend, adjacencyMatMul(a, x, form, transpose)) as tf.Tensor3D);
}
