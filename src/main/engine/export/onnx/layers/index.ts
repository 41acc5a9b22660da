import { AppError } from '../../../../../shared/errors.ts';
import { convertActivationLayer } from './activation.ts';
import { convertConv } from './conv.ts';
import { convertDense } from './dense.ts';
import { convertAdaptiveVisibility, convertDenseSage, convertDiffPoolAdjacency, convertDiffPoolFeatures, convertIqRow, convertMeanAdjacency, convertRescaling } from './graph.ts';
import type { LayerConverter } from './layer-converter.ts';
import { convertConcatenate, convertMerge } from './merge.ts';
import { convertBatchNorm } from './normalization.ts';
import { convertNormReluPool } from './norm-relu-pool.ts';
import { convertGlobalPool, convertPool } from './pooling.ts';
import { convertRecurrent } from './recurrent.ts';
import { convertCropping2D, convertFlatten, convertIdentity, convertPermute, convertReshape, convertZeroPad1D, convertZeroPadding } from './shape.ts';

/** TF.js layer class name → converter. */
const converters: Record<string, LayerConverter> = {
  Conv1D: convertConv,
  Conv2D: convertConv,
  Dense: convertDense,
  BatchNormalization: convertBatchNorm,
  MaxPooling1D: convertPool,
  MaxPooling2D: convertPool,
  AveragePooling1D: convertPool,
  AveragePooling2D: convertPool,
  GlobalAveragePooling1D: convertGlobalPool,
  GlobalAveragePooling2D: convertGlobalPool,
  GlobalMaxPooling1D: convertGlobalPool,
  GlobalMaxPooling2D: convertGlobalPool,
  ZeroPadding2D: convertZeroPadding,
  // the project's own layers (src/main/engine/ml/models/layers.ts)
  ZeroPad1D: convertZeroPad1D,
  SeededDropout: convertIdentity,
  NormReluPool: convertNormReluPool,
  // AVGNet's graph layers (src/main/engine/ml/models/graph/)
  IqRow: convertIqRow,
  AdaptiveVisibility: convertAdaptiveVisibility,
  MeanAdjacency: convertMeanAdjacency,
  DenseSage: convertDenseSage,
  DiffPoolFeatures: convertDiffPoolFeatures,
  DiffPoolAdjacency: convertDiffPoolAdjacency,
  Rescaling: convertRescaling,
  Cropping2D: convertCropping2D,
  Flatten: convertFlatten,
  Reshape: convertReshape,
  Permute: convertPermute,
  Dropout: convertIdentity,
  SpatialDropout1D: convertIdentity,
  GaussianNoise: convertIdentity,
  GaussianDropout: convertIdentity,
  AlphaDropout: convertIdentity,
  Activation: convertActivationLayer,
  ReLU: convertActivationLayer,
  LeakyReLU: convertActivationLayer,
  ELU: convertActivationLayer,
  Softmax: convertActivationLayer,
  ThresholdedReLU: convertActivationLayer,
  PReLU: convertActivationLayer,
  Add: convertMerge,
  Subtract: convertMerge,
  Multiply: convertMerge,
  Average: convertMerge,
  Maximum: convertMerge,
  Minimum: convertMerge,
  Concatenate: convertConcatenate,
  LSTM: convertRecurrent,
  GRU: convertRecurrent,
  SimpleRNN: convertRecurrent,
};

export function converterFor(className: string, where: string): LayerConverter {
  const c = converters[className];
  if (!c) throw new AppError('UNSUPPORTED', `${where}: no ONNX mapping for layer type ${className}`);
  return c;
}
