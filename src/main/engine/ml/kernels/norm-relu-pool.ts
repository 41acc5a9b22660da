// The ConvNet block's instance norm → ReLU → average pooling by 2 (models/norm-relu-pool.ts) as
// a wasm kernel pair working in the backend's memory: no copy out through dataSync and back, no
// copy of the input kept in JavaScript for the gradient (the engine saves x only while a
// gradient is being recorded), and the passes in SIMD over four channels per lane when C is a
// multiple of 4 (simd/norm-relu-pool-wasm.ts), else the op's JS loops on heap views.
import { engine, type GradConfig, type KernelConfig, type KernelFunc, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { NormReluPoolKernel, normReluPoolBackward, normReluPoolForward } from '../models/norm-relu-pool.ts';
import { BACKWARD_WIDTH, FORWARD_WIDTH } from './simd/norm-relu-pool-wasm.ts';
import { simdKernels } from './simd/simd-kernels.ts';
import { address, f32, type WasmBackend } from './heap/wasm-heap.ts';

export const NormReluPoolGrad = 'AmrNormReluPoolGrad';

/** Calls run(byteOffset, width, blocks) for the blocks of `width` groups of 4 channels, then for the single groups left. */
function overChannelBlocks(channels: number, width: number, run: (offset: number, width: number, blocks: number) => void): void {
  const groups = channels / 4;
  const wide = Math.floor(groups / width);
  if (wide > 0) run(0, width, wide);
  if (groups > wide * width) run(16 * wide * width, 1, groups - wide * width);
}

function shapeOf(x: TensorInfo): [number, number, number] {
  const [n, length, channels] = x.shape as [number, number, number];
  return [n, length, channels];
}

/** x [n, L, C] → [y [n, ⌊L/2⌋, C], mean [n, C], 1/√(σ² + ε) [n, C]] */
function normReluPool(args: { inputs: { x: TensorInfo }; backend: WasmBackend }): TensorInfo[] {
  const { inputs, backend } = args;
  const [n, length, channels] = shapeOf(inputs.x);
  const y = backend.makeOutput([n, length >> 1, channels], 'float32');
  const mean = backend.makeOutput([n, channels], 'float32');
  const invStd = backend.makeOutput([n, channels], 'float32');
  const simd = channels % 4 === 0 ? simdKernels(backend) : null;
  if (simd) {
    const [xAt, yAt, meanAt, invStdAt] = [inputs.x, y, mean, invStd].map((t) => address(backend, t)) as [number, number, number, number];
    overChannelBlocks(channels, FORWARD_WIDTH, (offset, width, blocks) => {
      const run = width === 1 ? simd.normReluPoolForward1 : simd.normReluPoolForward4;
      run(xAt + offset, yAt + offset, meanAt + offset, invStdAt + offset, n, length, 4 * channels, blocks);
    });
  } else {
    normReluPoolForward(f32(backend, inputs.x), n, length, channels, f32(backend, y), { mean: f32(backend, mean), invStd: f32(backend, invStd) });
  }
  return [y, mean, invStd];
}

/** dy, x and the forward's statistics → dx [n, L, C] */
function normReluPoolGrad(args: { inputs: { dy: TensorInfo; x: TensorInfo; mean: TensorInfo; invStd: TensorInfo }; backend: WasmBackend }): TensorInfo {
  const { inputs, backend } = args;
  const [n, length, channels] = shapeOf(inputs.x);
  const dx = backend.makeOutput([n, length, channels], 'float32');
  const simd = channels % 4 === 0 ? simdKernels(backend) : null;
  if (simd) {
    const [dyAt, xAt, meanAt, invStdAt, dxAt] = [inputs.dy, inputs.x, inputs.mean, inputs.invStd, dx].map((t) => address(backend, t)) as [number, number, number, number, number];
    overChannelBlocks(channels, BACKWARD_WIDTH, (offset, width, blocks) => {
      const run = width === 1 ? simd.normReluPoolBackward1 : simd.normReluPoolBackward2;
      run(dyAt + offset, xAt + offset, meanAt + offset, invStdAt + offset, dxAt + offset, n, length, 4 * channels, blocks);
    });
  } else {
    const stats = { mean: f32(backend, inputs.mean), invStd: f32(backend, inputs.invStd) };
    normReluPoolBackward(f32(backend, inputs.dy), f32(backend, inputs.x), stats, n, length, channels, f32(backend, dx));
  }
  return dx;
}

export const normReluPoolConfig: KernelConfig = {
  kernelName: NormReluPoolKernel,
  backendName: 'wasm',
  kernelFunc: normReluPool as unknown as KernelFunc,
};

export const normReluPoolGradConfig: KernelConfig = {
  kernelName: NormReluPoolGrad,
  backendName: 'wasm',
  kernelFunc: normReluPoolGrad as unknown as KernelFunc,
};

/** Only y carries a gradient; the statistics are saved for it. */
export const normReluPoolGradient: GradConfig = {
  kernelName: NormReluPoolKernel,
  inputsToSave: ['x'],
  outputsToSave: [false, true, true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const [x, mean, invStd] = saved as [Tensor, Tensor, Tensor];
    return { x: () => engine().runKernel(NormReluPoolGrad, { dy: Array.isArray(dy) ? dy[0]! : dy, x, mean, invStd }) as Tensor };
  },
};
