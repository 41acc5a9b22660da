// The gradient of ReLU in one pass. The stock gradient runs Step, Cast and Multiply over the
// whole activation (three kernels and two temporaries per layer); on wasm this is one SIMD
// select: dx = dy where x > 0, else 0. Other backends keep the stock formula.
import {
  Relu,
  cast,
  engine,
  getBackend,
  mul,
  step,
  type GradConfig,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { simdKernels } from './simd/simd-kernels.ts';
import { address, f32, type WasmBackend } from './heap/wasm-heap.ts';

export const ReluGrad = 'AmrReluGrad';

function reluGrad(args: { inputs: { dy: TensorInfo; x: TensorInfo }; backend: WasmBackend }): TensorInfo {
  const { inputs, backend } = args;
  const { dy, x } = inputs;
  const out = backend.makeOutput([...x.shape], 'float32');
  const size = x.shape.reduce((a, b) => a * b, 1);
  const groups = Math.floor(size / 4);
  const kernels = simdKernels(backend);
  let done = 0;
  if (kernels && groups > 0) {
    kernels.positiveMask(address(backend, dy), address(backend, x), groups, address(backend, out));
    done = groups * 4;
  }
  const d = f32(backend, dy);
  const v = f32(backend, x);
  const o = f32(backend, out);
  for (let i = done; i < size; i++) o[i] = v[i]! > 0 ? d[i]! : 0;
  return out;
}

export const reluGradConfig: KernelConfig = {
  kernelName: ReluGrad,
  backendName: 'wasm',
  kernelFunc: reluGrad as unknown as KernelFunc,
};

export const reluGradient: GradConfig = {
  kernelName: Relu,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const [x] = saved as [Tensor];
    const g = Array.isArray(dy) ? dy[0]! : dy;
    if (getBackend() === 'wasm' && g.dtype === 'float32' && x.dtype === 'float32') {
      return { x: () => engine().runKernel(ReluGrad, { dy: g, x }) as Tensor };
    }
    return { x: () => mul(g, cast(step(x), 'float32')) };
  },
};
