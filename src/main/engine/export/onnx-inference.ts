// Scoring through onnxruntime's native kernels: the model is converted to ONNX in memory and run
// there. Per CPU-second on this build machine that is 3.3× (VT-CNN2) and 4.4× (ResNet1D-20) what
// the wasm backend gives, whose 128-bit SIMD cannot match the native kernels' wide vectors. The
// conversion's parity with TF.js is what every export is checked against (within 1e-4).
import { AppError } from '../../../shared/errors.ts';
import { rowArgmax } from '../base/row-argmax.ts';
import { tfjsScorer, type ClassScorer } from '../ml/eval/evaluate.ts';
import type { tfl } from '../ml/tfjs.ts';
import { exportOnnx } from './onnx/convert.ts';
import { loadOnnx } from './onnx-runtime.ts';

/** The model in onnxruntime on `threads` threads; refuses (UNSUPPORTED) a model the converter cannot take. */
export async function onnxScorer(model: tfl.LayersModel, classes: string[], threads = 1): Promise<ClassScorer> {
  const sampleShape = model.inputs[0]!.shape.slice(1) as number[];
  const runner = await loadOnnx(exportOnnx(model, { metadata: { classes } }), `model ${model.name}`, threads);
  return {
    engine: 'onnxruntime',
    predict: async (x, n) => rowArgmax(await runner.run(x, n, sampleShape), classes.length),
    release: () => runner.release(),
  };
}

/**
 * The fastest scorer this model can have: onnxruntime on `threads` threads, or TF.js for a model
 * the converter cannot take (said through `log`). The model stays the caller's to dispose.
 */
export async function fastestScorer(model: tfl.LayersModel, classes: string[], log: (line: string) => void, threads = 1): Promise<ClassScorer> {
  try {
    return await onnxScorer(model, classes, threads);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'UNSUPPORTED') throw err;
    log(`scoring on TF.js: ${err.message}`);
    return tfjsScorer(model);
  }
}
