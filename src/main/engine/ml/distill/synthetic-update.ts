// SGD with momentum on the synthetic signals, as PyTorch's SGD steps the DM reference's image
// tensor (dampening 0, no Nesterov): v ← μ·v + g, then S ← S − lr·v. v starts at zero, so the
// first step is plain SGD, as PyTorch's first step copies g into its buffer.

/** Updates synthetic and velocity in place. */
export function momentumStep(synthetic: Float32Array, velocity: Float32Array, gradient: Float32Array, learningRate: number, momentum: number): void {
  if (synthetic.length !== velocity.length || synthetic.length !== gradient.length) {
    throw new RangeError(`momentum step: ${synthetic.length} signals values, ${velocity.length} velocity, ${gradient.length} gradient`);
  }
  for (let i = 0; i < synthetic.length; i++) {
    const v = momentum * velocity[i]! + gradient[i]!;
    velocity[i] = v;
    synthetic[i] = synthetic[i]! - learningRate * v;
  }
}
