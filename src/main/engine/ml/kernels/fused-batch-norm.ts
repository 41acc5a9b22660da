// Batch norm at inference (moving statistics) for the wasm backend: the per-channel scale and
// shift are folded once per call and applied in one SIMD pass (norm/channel-affine.ts); the stock
// kernel took ~0.3 ms per ResNet1D layer at batch 32, as long as the convolution before it.
// Parameters that are not one value per channel of the last axis stay with the stock kernel.
import { FusedBatchNorm, type FusedBatchNormAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { channelAffine } from './norm/channel-affine.ts';
import { f32, type WasmBackend } from './heap/wasm-heap.ts';

interface Inputs {
  x: TensorInfo;
  mean: TensorInfo;
  variance: TensorInfo;
  offset?: TensorInfo | null;
  scale?: TensorInfo | null;
}

const perChannel = (t: TensorInfo | null | undefined, C: number) =>
  t == null || (t.dtype === 'float32' && t.shape.reduce((a, b) => a * b, 1) === C && t.shape[t.shape.length - 1] === C);

export function fusedBatchNormConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: Inputs; backend: WasmBackend; attrs: FusedBatchNormAttrs }) => {
    const { inputs, backend, attrs } = args;
    const { x, mean, variance, offset, scale } = inputs;
    const C = x.shape[x.shape.length - 1] ?? 0;
    if (x.dtype !== 'float32' || x.shape.length < 2 || C === 0 || ![mean, variance, offset, scale].every((t) => perChannel(t, C))) {
      return stock.kernelFunc(args as never);
    }
    const m = f32(backend, mean);
    const v = f32(backend, variance);
    const o = offset ? f32(backend, offset) : null;
    const g = scale ? f32(backend, scale) : null;
    const k = new Float32Array(C);
    const b = new Float32Array(C);
    for (let c = 0; c < C; c++) {
      k[c] = (g ? g[c]! : 1) / Math.sqrt(v[c]! + attrs.varianceEpsilon);
      b[c] = (o ? o[c]! : 0) - m[c]! * k[c]!;
    }
    return channelAffine(backend, x, k, b);
  };
  return { ...stock, kernelName: FusedBatchNorm, kernelFunc: kernelFunc as unknown as KernelFunc };
}
