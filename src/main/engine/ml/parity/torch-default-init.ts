// PyTorch's default initialisation of Conv and Linear layers (kaiming_uniform with a = √5, which
// is U(±1/√fan_in) for the kernel, and U(±1/√fan_in) for the bias), applied to a built model.
// The zoo uses He/Glorot; behind batch norm the kernel's scale changes Adam's effective step,
// so matching the reference's starting point separates the recipe from the initialisation.
import { createRng } from '../../base/random.ts';
import { tf, type tfl } from '../tfjs.ts';

const KERNEL_LAYERS = new Set(['Conv1D', 'Conv2D', 'Dense']);

export function applyTorchDefaultInit(model: tfl.LayersModel, seed: number): number {
  const rng = createRng(seed);
  let layers = 0;
  for (const layer of model.layers) {
    if (!KERNEL_LAYERS.has(layer.getClassName())) continue;
    const weights = layer.getWeights();
    const kernel = weights[0]!;
    // Kernels are [...spatial, in, out]: fan_in is every dimension but the last.
    const fanIn = kernel.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const bound = 1 / Math.sqrt(fanIn);
    const uniform = (shape: number[]) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(size);
      for (let i = 0; i < size; i++) values[i] = (2 * rng.next() - 1) * bound;
      return tf.tensor(values, shape);
    };
    const fresh = weights.map((w) => uniform([...w.shape]));
    layer.setWeights(fresh);
    tf.dispose(fresh);
    layers++;
  }
  return layers;
}
