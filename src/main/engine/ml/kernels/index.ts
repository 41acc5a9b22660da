// Training kernels for the wasm backend: the ones it lacks (Conv2DBackpropFilter) and the ones
// whose stock versions are so slow that they dominate a training step. One registered kernel (or
// family sharing its code) per file in this folder; conv/ holds the convolutions' routes, simd/
// the emitted SIMD functions, heap/ access to the backend's memory, norm/ batch norm's output pass.
import '@tensorflow/tfjs-backend-wasm';
import { getGradient, getKernel, registerGradient, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { bandMatMulAddConfig, bandMatMulAddGradient } from './band-mat-mul-add.ts';
import { bandMatMulConfig, bandMatMulGradient, bandOuterConfig } from './band-mat-mul.ts';
import { batchMatMulConfig } from './batch-mat-mul.ts';
import { batchNormTrainingConfig, batchNormTrainingGradConfig, batchNormTrainingGradient } from './batch-norm-training.ts';
import { concatConfig } from './concat.ts';
import { conv2dConfig } from './conv2d.ts';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.ts';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.ts';
import { fusedConv2dConfig } from './fused-conv2d.ts';
import { fusedBatchNormConfig } from './fused-batch-norm.ts';
import { fusedMatMulConfig } from './fused-mat-mul.ts';
import { dropoutMaskConfig } from './dropout-mask.ts';
import { identityConfig } from './identity.ts';
import { normReluPoolConfig, normReluPoolGradConfig, normReluPoolGradient } from './norm-relu-pool.ts';
import { padConfig } from './pad.ts';
import { reluGradConfig, reluGradient } from './relu-grad.ts';
import { meanConfig, sumConfig } from './leading-axes-reduce.ts';
import { sliceConfig, splitVConfig, unpackConfig } from './slice.ts';
import { tileConfig } from './tile.ts';
import { gruSequenceConfig, gruSequenceGradConfig, gruSequenceGradient } from './recurrent/gru-sequence.ts';
import { lstmSequenceConfig, lstmSequenceGradConfig, lstmSequenceGradient } from './recurrent/lstm-sequence.ts';

/** Kernels that wrap the stock one (and keep its wasm setup), keyed by kernel name. */
const wrappers: Record<string, (stock: KernelConfig) => KernelConfig> = {
  BatchMatMul: batchMatMulConfig,
  _FusedMatMul: fusedMatMulConfig,
  Slice: sliceConfig,
  Unpack: unpackConfig,
  SplitV: splitVConfig,
  PadV2: padConfig,
  Tile: tileConfig,
  Concat: concatConfig,
  Sum: sumConfig,
  Mean: meanConfig,
  Identity: identityConfig,
  Conv2D: conv2dConfig,
  FusedConv2D: fusedConv2dConfig,
  FusedBatchNorm: fusedBatchNormConfig,
};

const replacements: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
  reluGradConfig,
  dropoutMaskConfig,
  normReluPoolConfig,
  normReluPoolGradConfig,
  bandMatMulConfig,
  bandMatMulAddConfig,
  bandOuterConfig,
  gruSequenceConfig,
  gruSequenceGradConfig,
  lstmSequenceConfig,
  lstmSequenceGradConfig,
];

const ours = new WeakSet<KernelConfig>();

/** The kernel names this module installs on the wasm backend. */
export const wasmTrainingKernelNames: readonly string[] = [
  ...replacements.map((k) => k.kernelName),
  ...Object.keys(wrappers),
];

function install(config: KernelConfig): void {
  if (getKernel(config.kernelName, 'wasm')) unregisterKernel(config.kernelName, 'wasm');
  registerKernel(config);
  ours.add(config);
}

/**
 * Installs our kernels on the wasm backend, replacing or wrapping the stock ones (wrappers keep
 * the stock wasm setup, so this works before or after the backend starts); repeated calls
 * change nothing.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of replacements) {
    if (getKernel(config.kernelName, 'wasm') !== config) install(config);
  }
  for (const [name, wrap] of Object.entries(wrappers)) {
    const current = getKernel(name, 'wasm');
    if (!current) throw new Error(`tfjs-backend-wasm has no ${name} kernel to wrap`);
    if (!ours.has(current)) install(wrap(current));
  }
  if (!getGradient(batchNormTrainingGradient.kernelName)) registerGradient(batchNormTrainingGradient);
  if (!getGradient(bandMatMulGradient.kernelName)) registerGradient(bandMatMulGradient);
  if (!getGradient(bandMatMulAddGradient.kernelName)) registerGradient(bandMatMulAddGradient);
  if (!getGradient(normReluPoolGradient.kernelName)) registerGradient(normReluPoolGradient);
  if (!getGradient(gruSequenceGradient.kernelName)) registerGradient(gruSequenceGradient);
  if (!getGradient(lstmSequenceGradient.kernelName)) registerGradient(lstmSequenceGradient);
  // replaces the stock ReLU gradient, which it reproduces off wasm
  if (getGradient(reluGradient.kernelName) !== reluGradient) registerGradient(reluGradient);
}
