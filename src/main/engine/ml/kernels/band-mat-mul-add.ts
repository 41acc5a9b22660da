// y = addend + P·x (or addend + Pᵀ·x) for a band matrix P (band-mat-mul.ts), in one pass: a dense
// GraphSAGE layer's root term x·W_root + b starts the accumulators of its neighbour term
// P·(x·W_neighbour), so the layer's output is written once instead of by a product and an Add.
import { clone, type GradConfig, type KernelConfig, type KernelFunc, type NamedAttrMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { bandProduct, bandProductGradients, type BandMatMulAttrs } from './band-mat-mul.ts';
import type { WasmBackend } from './heap/wasm-heap.ts';

export const BandMatMulAdd = 'AmrBandMatMulAdd';

function bandMatMulAdd(args: { inputs: { band: TensorInfo; x: TensorInfo; addend: TensorInfo }; backend: WasmBackend; attrs: NamedAttrMap }): TensorInfo {
  const { band, x, addend } = args.inputs;
  const { transpose } = args.attrs as unknown as BandMatMulAttrs;
  return bandProduct(BandMatMulAdd, args.backend, band, x, transpose, addend);
}

export const bandMatMulAddConfig: KernelConfig = {
  kernelName: BandMatMulAdd,
  backendName: 'wasm',
  kernelFunc: bandMatMulAdd as unknown as KernelFunc,
};

/** As BandMatMul's gradient; the addend's is dy, as a tensor of its own (the tape disposes dy once used). */
export const bandMatMulAddGradient: GradConfig = {
  kernelName: BandMatMulAdd,
  inputsToSave: ['band', 'x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const { g, band, x } = bandProductGradients(dy, saved, attrs);
    return { band, x, addend: () => clone(g) };
  },
};
