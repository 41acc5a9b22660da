// A dense GraphSAGE layer with torch-geometric 1.6's semantics (the version AVGNet's authors
// used; later versions changed it): no self loops; the neighbours' mean taken with the
// row-normalised adjacency P (mean-adjacency.ts); two weight matrices, one for that mean (no
// bias) and one for the node itself (with bias):  y = (P·x)·W_neighbour + x·W_root + b.
// Inputs [x [n, N, F], P (band or dense, band.ts)], output [n, N, units]. Where units ≤ F the
// neighbour term is taken as P·(x·W_neighbour), the same value for no more products, and the
// root term is added in the adjacency product's pass (adjacencyMatMulAdd).
import { tf, tfl } from '../../tfjs.ts';
import type { CountsMacs } from '../counts-macs.ts';
import { adjacencyMatMul, adjacencyMatMulAdd, type AdjacencyForm } from './band.ts';
import { torchUniform } from './torch-uniform.ts';

export interface DenseSageArgs {
  name: string;
  units: number;
  adjacency: AdjacencyForm;
  seed: number;
}

export class DenseSage extends tfl.layers.Layer implements CountsMacs {
  static readonly className = 'DenseSage';
  readonly units: number;
  readonly adjacency: AdjacencyForm;
  private readonly seed: number;
  private neighbourKernel: tfl.LayerVariable | null = null;
  private rootKernel: tfl.LayerVariable | null = null;
  private bias: tfl.LayerVariable | null = null;

  constructor(args: DenseSageArgs) {
    super({ name: args.name });
    this.units = args.units;
    this.adjacency = args.adjacency;
    this.seed = args.seed;
  }

  override build(shape: tfl.Shape | tfl.Shape[]): void {
    const features = (shape[0] as tfl.Shape)[2]!;
    this.neighbourKernel = this.addWeight('neighbour_kernel', [features, this.units], 'float32', torchUniform(features, this.seed));
    this.rootKernel = this.addWeight('root_kernel', [features, this.units], 'float32', torchUniform(features, this.seed + 1));
    this.bias = this.addWeight('bias', [this.units], 'float32', torchUniform(features, this.seed + 2));
    this.built = true;
  }

  override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const x = shape[0] as tfl.Shape;
    return [x[0]!, x[1]!, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, p] = inputs as [tf.Tensor, tf.Tensor];
    return tf.tidy(() => {
      const [n, N, F] = x.shape as [number, number, number];
      const U = this.units;
      const rows = tf.reshape(x, [n * N, F]) as tf.Tensor2D;
      const wn = this.neighbourKernel!.read() as tf.Tensor2D;
      const root = tf.fused.matMul({ a: rows, b: this.rootKernel!.read() as tf.Tensor2D, bias: this.bias!.read() });
      if (U <= F) return adjacencyMatMulAdd(p, tf.reshape(tf.matMul(rows, wn), [n, N, U]), tf.reshape(root, [n, N, U]), this.adjacency);
      const neighbours = tf.matMul(tf.reshape(adjacencyMatMul(p, x, this.adjacency), [n * N, F]) as tf.Tensor2D, wn);
      return tf.reshape(tf.add(root, neighbours), [n, N, U]);
    });
  }

  /** Two weight products per node, and the neighbour mean over the adjacency's stored entries. */
  macsPerSample([x, p]: (number | null)[][]): number {
    const [N, F] = [x![1]!, x![2]!];
    return 2 * N * F * this.units + N * p![2]! * Math.min(F, this.units);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, adjacency: this.adjacency, seed: this.seed };
  }
}
tf.serialization.registerClass(DenseSage);
