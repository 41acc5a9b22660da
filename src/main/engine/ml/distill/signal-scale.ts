// The matching runs on signals scaled to unit RMS: the embedder's instance norm makes the loss
// blind to scale, so its gradient grows as the signals shrink, and the reference's lr 1.0 was set
// for standardised inputs. RML2016 vectors (Σ|x| = 1) have an RMS near 0.06; unscaled, every
// step would move S by hundreds of times its own size.

/** Root mean square over every value of the set; 1 for an all-zero set. */
export function signalScale(x: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * x[i]!;
  const rms = Math.sqrt(sum / Math.max(1, x.length));
  return rms > 0 && Number.isFinite(rms) ? rms : 1;
}

/** A copy of x multiplied by factor. */
export function scaled(x: Float32Array, factor: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! * factor;
  return out;
}
