// BatchMatMul on the emitted strided kernel where it applies (strided-mat-mul.ts: float32, N a
// multiple of 4, batch dimensions equal or one side's all ones), several times the stock kernel's
// rate at every shape measured; elsewhere transposed operands, as every Dense/LSTM gradient asks
// for (dx = dy·Wᵀ, dW = xᵀ·dy), are transposed explicitly before the stock kernel.
import { BatchMatMul, type BatchMatMulAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { stridedMatMul } from './strided-mat-mul.ts';
import { transposeLastTwo } from './heap/transposed-operand.ts';
import { free, type WasmBackend } from './heap/wasm-heap.ts';

export function batchMatMulConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: WasmBackend; attrs: BatchMatMulAttrs }) => {
    const { inputs, backend, attrs } = args;
    const fast = stridedMatMul(backend, inputs.a, inputs.b, attrs.transposeA, attrs.transposeB);
    if (fast) return fast;
    if (!attrs.transposeA && !attrs.transposeB) return stock.kernelFunc(args as never);
    const a = attrs.transposeA ? transposeLastTwo(backend, inputs.a) : inputs.a;
    const b = attrs.transposeB ? transposeLastTwo(backend, inputs.b) : inputs.b;
    const out = stock.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } } as never);
    if (a !== inputs.a) free(backend, a);
    if (b !== inputs.b) free(backend, b);
    return out;
  };
  return { ...stock, kernelName: BatchMatMul, kernelFunc: kernelFunc as unknown as KernelFunc };
}
