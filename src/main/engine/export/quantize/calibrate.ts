import { AppError } from '../../../../shared/errors.ts';
import { encodeModel } from '../onnx/encode.ts';
import type { OnnxModel } from '../onnx/graph-ir.ts';
import { DataType } from '../onnx/onnx-schema.ts';
import { loadOnnx } from '../onnx-runtime.ts';

export interface CalibrationData {
  /** samples laid out contiguously, per-sample shape `sampleShape` (the model's input shape without batch) */
  x: Float32Array;
  count: number;
  sampleShape: number[];
}

export type CalibrationMethod = { kind: 'minmax' } | { kind: 'percentile'; percentile: number };

export interface Range {
  min: number;
  max: number;
}

// Values kept per tensor for percentile ranges; a stride subsample of the rest keeps memory bounded.
const PERCENTILE_KEEP = 200_000;

/**
 * Runs the float model on the calibration samples with `tensors` exposed as extra outputs and
 * returns each tensor's range: plain min/max, or the given percentile of values on each side.
 */
export async function calibrateRanges(model: OnnxModel, tensors: string[], data: CalibrationData, method: CalibrationMethod, batchSize = 64): Promise<Map<string, Range>> {
  if (data.count < 1) throw new AppError('VALIDATION', 'calibration needs at least one sample');
  const exposed: OnnxModel = {
    ...model,
    graph: {
      ...model.graph,
      outputs: [...model.graph.outputs, ...tensors.filter((t) => !model.graph.outputs.some((o) => o.name === t)).map((name) => ({ name, elemType: DataType.FLOAT, shape: null }))],
    },
  };
  const runner = await loadOnnx(encodeModel(exposed), 'calibration model');
  const ranges = new Map<string, Range>(tensors.map((t) => [t, { min: Infinity, max: -Infinity }]));
  const kept = new Map<string, number[]>(tensors.map((t) => [t, []]));
  const sampleSize = data.sampleShape.reduce((a, b) => a * b, 1);
  try {
    for (let start = 0; start < data.count; start += batchSize) {
      const n = Math.min(batchSize, data.count - start);
      const outputs = await runner.runAll(data.x.subarray(start * sampleSize, (start + n) * sampleSize), n, data.sampleShape);
      for (const t of tensors) {
        const values = outputs[t]!;
        const r = ranges.get(t)!;
        for (let i = 0; i < values.length; i++) {
          const v = values[i]!;
          if (v < r.min) r.min = v;
          if (v > r.max) r.max = v;
        }
        if (method.kind === 'percentile') {
          const keep = kept.get(t)!;
          const stride = Math.max(1, Math.ceil((values.length * data.count) / n / PERCENTILE_KEEP));
          for (let i = 0; i < values.length; i += stride) keep.push(values[i]!);
        }
      }
    }
  } finally {
    await runner.release();
  }
  if (method.kind === 'percentile') {
    for (const t of tensors) {
      const sorted = Float32Array.from(kept.get(t)!).sort();
      const p = Math.min(100, Math.max(50, method.percentile)) / 100;
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
      ranges.set(t, { min: at(1 - p), max: at(p) });
    }
  }
  return ranges;
}
