// One DiffPool step ("Hierarchical Graph Representation Learning with Differentiable Pooling"):
// soft assignments S = softmax(s) [n, N, K] of N nodes to K clusters (a Softmax layer) give the
// pooled graph, whose features are Sᵀ·x [n, K, F] (DiffPoolFeatures) and whose adjacency is
// Sᵀ·A·S [n, K, K] (DiffPoolAdjacency, A in either form of band.ts; the result is dense). Two
// single-output layers: TF.js runs a layer with several outputs once per output.
// With their weights set, the link-prediction loss ‖A − S·Sᵀ‖_F over the whole batch divided by
// the number of entries of A, and the entropy loss, the mean over nodes of −Σ S·log S, join the
// training objective (auxiliary-losses.ts); both weights are 0 by default, as in the AVGNet
// authors' training loop, which computes them but trains on the cross-entropy alone.
import { tf, tfl } from '../../tfjs.ts';
import { addAuxiliaryLoss, collectingAuxiliaryLosses } from '../auxiliary-losses.ts';
import type { CountsMacs } from '../counts-macs.ts';
import { adjacencyMatMul, type AdjacencyForm } from './band.ts';

/** ‖A − S·Sᵀ‖²_F = ‖A‖² − 2·tr(Sᵀ·A·S) + ‖Sᵀ·S‖²_F, which needs no N × N matrix for a band A. */
export function linkPredictionLoss(a: tf.Tensor, s: tf.Tensor, pooledAdjacency: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const [n, N] = s.shape as [number, number];
    const K = s.shape[2]!;
    const trace = tf.sum(tf.mul(pooledAdjacency, tf.eye(K)));
    const gram = tf.matMul(s as tf.Tensor3D, s as tf.Tensor3D, true, false);
    const squared = tf.addN([tf.sum(tf.square(a)), tf.mul(trace, -2), tf.sum(tf.square(gram))]);
    return tf.div(tf.sqrt(tf.relu(squared)), n * N * N) as tf.Scalar;
  });
}

export function assignmentEntropy(s: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.neg(tf.mul(s, tf.log(tf.add(s, 1e-15)))), -1)) as tf.Scalar);
}

/** Inputs [x [n, N, F], S [n, N, K]] → Sᵀ·x [n, K, F]. */
export class DiffPoolFeatures extends tfl.layers.Layer implements CountsMacs {
  static readonly className = 'DiffPoolFeatures';

  override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [x, s] = shape as tfl.Shape[];
    return [x![0]!, s![2]!, x![2]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, s] = inputs as [tf.Tensor3D, tf.Tensor3D];
    return tf.matMul(s, x, true, false);
  }

  macsPerSample([x, s]: (number | null)[][]): number {
    return x![1]! * x![2]! * s![2]!;
  }
}
tf.serialization.registerClass(DiffPoolFeatures);

export interface DiffPoolAdjacencyArgs {
  name: string;
  adjacency: AdjacencyForm;
  linkLoss: number;
  entropyLoss: number;
}

/** Inputs [A (band or dense), S [n, N, K]] → Sᵀ·A·S [n, K, K]; adds the auxiliary losses when asked. */
export class DiffPoolAdjacency extends tfl.layers.Layer implements CountsMacs {
  static readonly className = 'DiffPoolAdjacency';
  readonly adjacency: AdjacencyForm;
  readonly linkLoss: number;
  readonly entropyLoss: number;

  constructor(args: DiffPoolAdjacencyArgs) {
    super({ name: args.name });
    this.adjacency = args.adjacency;
    this.linkLoss = args.linkLoss;
    this.entropyLoss = args.entropyLoss;
  }

  override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [a, s] = shape as tfl.Shape[];
    return [a![0]!, s![2]!, s![2]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const [a, s] = inputs as [tf.Tensor, tf.Tensor3D];
    const auxiliary = kwargs['training'] === true && collectingAuxiliaryLosses();
    const [pooled, ...losses] = tf.tidy(() => {
      const pooledA = tf.matMul(s, adjacencyMatMul(a, s, this.adjacency), true, false);
      const out: tf.Tensor[] = [pooledA];
      if (auxiliary && this.linkLoss > 0) out.push(tf.mul(linkPredictionLoss(a, s, pooledA), this.linkLoss));
      if (auxiliary && this.entropyLoss > 0) out.push(tf.mul(assignmentEntropy(s), this.entropyLoss));
      return out;
    });
    for (const loss of losses) addAuxiliaryLoss(loss as tf.Scalar);
    return pooled!;
  }

  /** A·S over the adjacency's stored entries, then Sᵀ·(A·S). */
  macsPerSample([a, s]: (number | null)[][]): number {
    const [N, K] = [s![1]!, s![2]!];
    return N * a![2]! * K + K * N * K;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), adjacency: this.adjacency, linkLoss: this.linkLoss, entropyLoss: this.entropyLoss };
  }
}
tf.serialization.registerClass(DiffPoolAdjacency);
