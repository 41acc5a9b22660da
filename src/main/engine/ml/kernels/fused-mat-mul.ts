// _FusedMatMul (matmul + bias + activation, used by Dense layers): on the emitted strided kernel,
// bias and ReLU included, where it applies (strided-mat-mul.ts); elsewhere transposed operands get
// the same remedy as in BatchMatMul, an explicit transpose before the stock kernel.
import { _FusedMatMul, type _FusedMatMulAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { stridedMatMul } from './strided-mat-mul.ts';
import { transposeLastTwo } from './heap/transposed-operand.ts';
import { free, type WasmBackend } from './heap/wasm-heap.ts';

export function fusedMatMulConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: Record<string, TensorInfo>; backend: WasmBackend; attrs: _FusedMatMulAttrs }) => {
    const { inputs, backend, attrs } = args;
    const simple = (attrs.activation === 'linear' || attrs.activation === 'relu') && !inputs.preluActivationWeights;
    const fast = simple
      ? stridedMatMul(backend, inputs.a!, inputs.b!, attrs.transposeA, attrs.transposeB, { bias: inputs.bias, relu: attrs.activation === 'relu' })
      : null;
    if (fast) return fast;
    if (!attrs.transposeA && !attrs.transposeB) return stock.kernelFunc(args as never);
    const a = attrs.transposeA ? transposeLastTwo(backend, inputs.a!) : inputs.a!;
    const b = attrs.transposeB ? transposeLastTwo(backend, inputs.b!) : inputs.b!;
    const out = stock.kernelFunc({
      inputs: { ...inputs, a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    } as never);
    if (a !== inputs.a) free(backend, a);
    if (b !== inputs.b) free(backend, b);
    return out;
  };
  return { ...stock, kernelName: _FusedMatMul, kernelFunc: kernelFunc as unknown as KernelFunc };
}
