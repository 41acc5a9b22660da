// Products with a batch of band matrices stored by their diagonals, for graphs whose edges only
// join nodes less than h apart (AVGNet's adaptive visibility graph): band[b][t][o + h] is the
// entry (t, t + o) of matrix b, o = −h … h, and is zero where t + o falls outside the graph.
// A product then costs (2h + 1)·F per node instead of N·F, and the N × N matrix is never built.
//   BandMatMul:  y = P·x, or y = Pᵀ·x with `transpose`   (band [n, N, 2h+1], x [n, N, F])
//   BandOuter:   out[b][t][o + h] = ⟨a[b][t], c[b][t + o]⟩ (the gradient of P in y = P·x)
import { engine, type GradConfig, type KernelConfig, type KernelFunc, type NamedAttrMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { AppError } from '../../../../shared/errors.ts';
import { simdKernels } from './simd/simd-kernels.ts';
import { address, f32, type WasmBackend } from './heap/wasm-heap.ts';

export const BandMatMul = 'AmrBandMatMul';
export const BandOuter = 'AmrBandOuter';

export interface BandMatMulAttrs {
  transpose: boolean;
}

export interface BandOuterAttrs {
  halfWidth: number;
}

function float3(kernel: string, what: string, t: TensorInfo): [number, number, number] {
  if (t.dtype !== 'float32' || t.shape.length !== 3) {
    throw new AppError('UNSUPPORTED', `${kernel}: ${what} must be a float32 [batch, nodes, width] tensor, found ${t.dtype} [${t.shape.join(', ')}]`);
  }
  return t.shape as [number, number, number];
}

/** Bytes of the features the kernels take in blocks of 16 (the rest go in groups of 4). */
function blockEnd(features: number): number {
  return 4 * (features - (features % 16));
}

function bandMatMul(args: { inputs: { band: TensorInfo; x: TensorInfo }; backend: WasmBackend; attrs: NamedAttrMap }): TensorInfo {
  const { transpose } = args.attrs as unknown as BandMatMulAttrs;
  return bandProduct(BandMatMul, args.backend, args.inputs.band, args.inputs.x, transpose, null);
}

/** P·x or Pᵀ·x, plus `addend` (of the output's shape) where one is given, in one pass. */
export function bandProduct(kernel: string, backend: WasmBackend, band: TensorInfo, x: TensorInfo, transpose: boolean, addend: TensorInfo | null): TensorInfo {
  const [n, N, W] = float3(kernel, 'band', band);
  const [nx, Nx, F] = float3(kernel, 'x', x);
  if (nx !== n || Nx !== N || W % 2 !== 1) {
    throw new AppError('UNSUPPORTED', `${kernel}: band [${band.shape.join(', ')}] (odd width) and x [${x.shape.join(', ')}] must share batch and nodes`);
  }
  if (addend !== null) {
    const shape = float3(kernel, 'addend', addend);
    if (shape[0] !== n || shape[1] !== N || shape[2] !== F) throw new AppError('UNSUPPORTED', `${kernel}: addend [${addend.shape.join(', ')}] must have x's shape [${x.shape.join(', ')}]`);
  }
  const out = backend.makeOutput([n, N, F], 'float32');
  const simd = simdKernels(backend);
  if (simd && F % 4 === 0) {
    const h = (W - 1) / 2;
    simd.bandMatMul(address(backend, band), address(backend, x), n, N, h, 4 * W, 4 * F, transpose ? 4 * (W - 1) : 4, address(backend, out), blockEnd(F), addend === null ? 0 : address(backend, addend));
    return out;
  }
  const p = f32(backend, band);
  const v = f32(backend, x);
  const y = f32(backend, out);
  const start = addend === null ? null : f32(backend, addend);
  const h = (W - 1) / 2;
  for (let b = 0; b < n; b++) {
    const pb = b * N * W;
    const xb = b * N * F;
    for (let t = 0; t < N; t++) {
      const row = xb + t * F;
      y.fill(0, row, row + F);
      for (let o = Math.max(-h, -t); o <= Math.min(h, N - 1 - t); o++) {
        // Pᵀ's entry (t, t + o) is P's (t + o, t), held at column h − o of row t + o
        const coefficient = transpose ? p[pb + (t + o) * W + h - o]! : p[pb + t * W + o + h]!;
        if (coefficient === 0) continue;
        const from = xb + (t + o) * F;
        for (let f = 0; f < F; f++) y[row + f] = y[row + f]! + coefficient * v[from + f]!;
      }
      // after the sum, as the SIMD kernel does (band-wasm.ts says why)
      if (start !== null) for (let f = 0; f < F; f++) y[row + f] = y[row + f]! + start[row + f]!;
    }
  }
  return out;
}

function bandOuter(args: { inputs: { a: TensorInfo; c: TensorInfo }; backend: WasmBackend; attrs: NamedAttrMap }): TensorInfo {
  const { a, c } = args.inputs;
  const { backend } = args;
  const { halfWidth: h } = args.attrs as unknown as BandOuterAttrs;
  const [n, N, F] = float3(BandOuter, 'a', a);
  const shapeC = float3(BandOuter, 'c', c);
  if (shapeC[0] !== n || shapeC[1] !== N || shapeC[2] !== F || !Number.isInteger(h) || h < 0) {
    throw new AppError('UNSUPPORTED', `${BandOuter}: a [${a.shape.join(', ')}] and c [${c.shape.join(', ')}] must match, half width ${h} a whole number`);
  }
  const W = 2 * h + 1;
  const out = backend.makeOutput([n, N, W], 'float32');
  const simd = simdKernels(backend);
  if (simd && F % 4 === 0) {
    simd.bandOuter(address(backend, a), address(backend, c), n, N, h, W, 4 * F, address(backend, out), blockEnd(F));
    return out;
  }
  const va = f32(backend, a);
  const vc = f32(backend, c);
  const y = f32(backend, out);
  for (let b = 0; b < n; b++) {
    for (let t = 0; t < N; t++) {
      const row = (b * N + t) * F;
      for (let o = -h; o <= h; o++) {
        let dot = 0;
        if (t + o >= 0 && t + o < N) {
          const other = (b * N + t + o) * F;
          for (let f = 0; f < F; f++) dot += va[row + f]! * vc[other + f]!;
        }
        y[(b * N + t) * W + o + h] = dot;
      }
    }
  }
  return out;
}

export const bandMatMulConfig: KernelConfig = {
  kernelName: BandMatMul,
  backendName: 'wasm',
  kernelFunc: bandMatMul as unknown as KernelFunc,
};

export const bandOuterConfig: KernelConfig = {
  kernelName: BandOuter,
  backendName: 'wasm',
  kernelFunc: bandOuter as unknown as KernelFunc,
};

/**
 * y = P·x: dx = Pᵀ·dy, dP[t][o + h] = ⟨dy[t], x[t + o]⟩. y = Pᵀ·x: dx = P·dy, and dP[t][o + h] =
 * ⟨x[t], dy[t + o]⟩, the same outer product with its operands swapped.
 */
export function bandProductGradients(dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap): { g: Tensor; band: () => Tensor; x: () => Tensor } {
  const [band, x] = saved as [Tensor, Tensor];
  const g = Array.isArray(dy) ? dy[0]! : dy;
  const { transpose } = attrs as unknown as BandMatMulAttrs;
  const halfWidth = (band.shape[2]! - 1) / 2;
  return {
    g,
    band: () => engine().runKernel(BandOuter, transpose ? { a: x, c: g } : { a: g, c: x }, { halfWidth } as never) as Tensor,
    x: () => engine().runKernel(BandMatMul, { band, x: g }, { transpose: !transpose } as never) as Tensor,
  };
}

export const bandMatMulGradient: GradConfig = {
  kernelName: BandMatMul,
  inputsToSave: ['band', 'x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const { band, x } = bandProductGradients(dy, saved, attrs);
    return { band, x };
  },
};
