// PyTorch's default initialisation of Linear and Conv weights and biases, U(±1/√fan_in), as a
// seeded TF.js initialiser: the graph models start where their PyTorch references start.
import { tfl } from '../../tfjs.ts';

export function torchUniform(fanIn: number, seed: number): ReturnType<typeof tfl.initializers.randomUniform> {
  const bound = 1 / Math.sqrt(fanIn);
  return tfl.initializers.randomUniform({ minval: -bound, maxval: bound, seed });
}
