// FusedConv2D (convolution + bias + activation, what layers run for inference): convolutions the
// Winograd route takes (conv/winograd.ts) run there, then the bias and a ReLU in one pass over the
// output; the stock kernel (XNNPACK, which packs the filter again at every call) keeps the rest.
// Measured on VT-CNN2's conv2 at batch 256: the stock kernel took twice as long as our training
// forward pass of the same convolution.
import { FusedConv2D, type FusedConv2DAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv/geometry.ts';
import { winogradApply, winogradForward } from './conv/winograd.ts';
import { address, type WasmBackend } from './heap/wasm-heap.ts';
import { simdKernels } from './simd/simd-kernels.ts';

const undilated = (d: FusedConv2DAttrs['dilations']) => (Array.isArray(d) ? d.every((v) => v === 1) : d === 1);

export function fusedConv2dConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo }; backend: WasmBackend; attrs: FusedConv2DAttrs }) => {
    const { inputs, backend, attrs } = args;
    const { x, filter, bias } = inputs;
    const simd = simdKernels(backend);
    const plain =
      simd !== null && attrs.dataFormat === 'NHWC' && undilated(attrs.dilations) && (attrs.activation === 'linear' || attrs.activation === 'relu') &&
      !inputs.preluActivationWeights && x.dtype === 'float32' && filter.dtype === 'float32' && (!bias || (bias.dtype === 'float32' && bias.shape.length === 1));
    const g = plain ? convGeometry(x.shape, filter.shape, attrs) : null;
    if (!simd || !g || !winogradApply(g) || (bias && bias.shape[0] !== g.outC)) return stock.kernelFunc(args as never);
    const y = winogradForward(backend, simd, x, filter, g);
    if (bias || attrs.activation === 'relu') {
      simd.biasActivation(address(backend, y), bias ? address(backend, bias) : 0, bias ? 1 : 0, g.batch * g.outW, g.outC, attrs.activation === 'relu' ? 1 : 0);
    }
    return y;
  };
  return { ...stock, kernelName: FusedConv2D, kernelFunc: kernelFunc as unknown as KernelFunc };
}
