// Forward 2-D convolution for the wasm backend. 1-D convolutions with three taps and stride 1
// (channels in groups of sixteen) run as Winograd tiles (conv_winograd.ts); other 1-D
// convolutions (channels in groups of sixteen) run as patch rows on emitted SIMD (conv_patch_rows.ts), reading the input in place:
// 1.1–1.5× XNNPACK's convolution on ResNet1D's layers here, which also spends time packing a
// filter that changes at every training step. Everything else stays with the stock kernel.
import { Conv2D, type Conv2DAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv_geometry.ts';
import { patchRowsApply, patchRowsForward } from './conv_patch_rows.ts';
import { winogradApply, winogradForward } from './conv_winograd.ts';
import { simdKernels } from './simd_kernels.ts';
import type { WasmBackend } from './wasm_heap.ts';

const undilated = (d: Conv2DAttrs['dilations']) => (Array.isArray(d) ? d.every((v) => v === 1) : d === 1);

export function conv2dConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo; filter: TensorInfo }; backend: WasmBackend; attrs: Conv2DAttrs }) => {
    const { inputs, backend, attrs } = args;
    const { x, filter } = inputs;
    const simd = simdKernels(backend);
    if (simd && attrs.dataFormat === 'NHWC' && undilated(attrs.dilations) && x.dtype === 'float32' && filter.dtype === 'float32') {
      const g = convGeometry(x.shape, filter.shape, attrs);
      if (winogradApply(g)) return winogradForward(backend, simd, x, filter, g);
      if (patchRowsApply(g, g.outC)) return patchRowsForward(backend, simd, x, filter, g);
    }
    return stock.kernelFunc(args as never);
  };
  return { ...stock, kernelName: Conv2D, kernelFunc: kernelFunc as unknown as KernelFunc };
}
