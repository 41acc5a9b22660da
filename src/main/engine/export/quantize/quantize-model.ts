import type { OnnxModel } from '../onnx/graph-ir.ts';
import { AppError } from '../../../../shared/errors.ts';
import { calibrateRanges, type CalibrationData, type CalibrationMethod } from './calibrate.ts';
import { rewriteDynamic, rewriteStatic, tensorsToCalibrate } from './qdq-rewrite.ts';

export interface QuantizeOptions {
  mode: 'static' | 'dynamic';
  /** samples from the training split (static mode); the caller chooses how many */
  calibration?: CalibrationData;
  method?: CalibrationMethod;
}

/** An int8 copy of a float ONNX model (QDQ format); the float model is left untouched. */
export async function quantizeModel(model: OnnxModel, options: QuantizeOptions): Promise<OnnxModel> {
  if (options.mode === 'dynamic') {
    return { ...model, graph: rewriteDynamic(model.graph), metadata: { ...model.metadata, quantization: JSON.stringify({ mode: 'dynamic', weights: 'int8 symmetric per-channel' }) } };
  }
  if (!options.calibration) throw new AppError('VALIDATION', 'static int8 quantisation needs calibration samples');
  const method = options.method ?? { kind: 'minmax' };
  const ranges = await calibrateRanges(model, tensorsToCalibrate(model.graph), options.calibration, method);
  return {
    ...model,
    graph: rewriteStatic(model.graph, ranges),
    metadata: {
      ...model.metadata,
      quantization: JSON.stringify({ mode: 'static', format: 'QDQ', weights: 'int8 symmetric per-channel', activations: 'uint8 asymmetric', calibration: { ...method, samples: options.calibration.count } }),
    },
  };
}
