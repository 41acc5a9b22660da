// Quantisation arithmetic: int8 symmetric per-channel weights, uint8 asymmetric activations.

export interface ChannelQuant {
  values: Int8Array;
  /** one scale per channel along `axis` */
  scales: Float32Array;
}

/**
 * Symmetric int8 per-channel: scale_c = max|w_c| / 127, q = round(w / scale_c) ∈ [-127, 127]
 * (the −128 code is left unused so the range stays symmetric).
 */
export function quantizeWeightsPerChannel(data: Float32Array, dims: number[], axis: number): ChannelQuant {
  const channels = dims[axis]!;
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const maxAbs = new Float32Array(channels);
  for (let i = 0; i < data.length; i++) {
    const c = Math.floor(i / inner) % channels;
    maxAbs[c] = Math.max(maxAbs[c]!, Math.abs(data[i]!));
  }
  const scales = maxAbs.map((m) => (m > 0 ? m / 127 : 1));
  const values = new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const c = Math.floor(i / inner) % channels;
    values[i] = Math.max(-127, Math.min(127, Math.round(data[i]! / scales[c]!)));
  }
  return { values, scales };
}

export interface ActivationQuant {
  scale: number;
  zeroPoint: number;
}

/** uint8 asymmetric parameters for a calibrated range; the range always includes 0 so zero is exact. */
export function activationParams(min: number, max: number): ActivationQuant {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (!(hi > lo)) return { scale: 1, zeroPoint: 0 };
  const scale = (hi - lo) / 255;
  return { scale, zeroPoint: Math.max(0, Math.min(255, Math.round(-lo / scale))) };
}

/** Bias as int32 in the accumulator's scale (input scale × weight scale per channel). */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): { values: Int32Array; scales: Float32Array } {
  const scales = weightScales.map((s) => s * inputScale);
  const values = new Int32Array(bias.length);
  for (let c = 0; c < bias.length; c++) values[c] = Math.round(bias[c]! / scales[c]!);
  return { values, scales };
}
