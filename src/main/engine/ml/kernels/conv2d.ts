// Forward 2-D convolution for the wasm backend: the first of its routes that applies computes
// it; everything they do not take stays with the stock kernel. On ResNet1D's layers the emitted
// routes run at 1.1–1.5× XNNPACK's convolution here, which also spends time packing a filter
// that changes at every training step.
import { Conv2D, type Conv2DAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry, type ConvGeometry } from './conv/geometry.ts';
import { patchRowsApply, patchRowsForward } from './conv/patch-rows.ts';
import { runFirstRoute, simdRoute, type ConvRoute } from './conv/route.ts';
import { winogradApply, winogradForward } from './conv/winograd.ts';
import type { WasmBackend } from './heap/wasm-heap.ts';
import { simdKernels, type SimdKernels } from './simd/simd-kernels.ts';

interface ForwardCall {
  backend: WasmBackend;
  x: TensorInfo;
  filter: TensorInfo;
  g: ConvGeometry;
  simd: SimdKernels | null;
  stock: () => TensorInfo;
}

const routes: readonly ConvRoute<ForwardCall>[] = [
  // 1-D, three taps, stride 1, channels in groups of sixteen: Winograd F(4, 3) tiles
  simdRoute((c) => winogradApply(c.g), (c, simd) => winogradForward(c.backend, simd, c.x, c.filter, c.g)),
  // other 1-D convolutions, channels in groups of sixteen: patch rows read in place
  simdRoute((c) => patchRowsApply(c.g, c.g.outC), (c, simd) => patchRowsForward(c.backend, simd, c.x, c.filter, c.g)),
  { applies: () => true, run: (c) => c.stock() },
];

const undilated = (d: Conv2DAttrs['dilations']) => (Array.isArray(d) ? d.every((v) => v === 1) : d === 1);

export function conv2dConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo; filter: TensorInfo }; backend: WasmBackend; attrs: Conv2DAttrs }) => {
    const { inputs, backend, attrs } = args;
    const { x, filter } = inputs;
    const runStock = () => stock.kernelFunc(args as never) as TensorInfo;
    const simd = simdKernels(backend);
    if (!simd || attrs.dataFormat !== 'NHWC' || !undilated(attrs.dilations) || x.dtype !== 'float32' || filter.dtype !== 'float32') return runStock();
    return runFirstRoute(routes, { backend, x, filter, g: convGeometry(x.shape, filter.shape, attrs), simd, stock: runStock });
  };
  return { ...stock, kernelName: Conv2D, kernelFunc: kernelFunc as unknown as KernelFunc };
}
