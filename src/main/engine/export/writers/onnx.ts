// The ONNX writers: the float graph as converted, and int8 (static QDQ) calibrated on the
// training split. Both measure the file as written, not the graph meant to be written.
import { readFile, writeFile } from 'node:fs/promises';
import { AppError } from '../../../../shared/errors.ts';
import { drawSamples, positiveInteger } from '../draw-samples.ts';
import { toModelInput } from '../model-input.ts';
import { convertToOnnx } from '../onnx/convert.ts';
import { encodeModel } from '../onnx/encode.ts';
import type { OnnxModel } from '../onnx/graph-ir.ts';
import type { CalibrationMethod } from '../quantize/calibrate.ts';
import { quantizeModel } from '../quantize/quantize-model.ts';
import { buildDeploymentReport } from '../report.ts';
import type { ExportWriteContext, ExportWriter, WrittenExport } from './writer.ts';

// Clipping the rarest 0.01 % of activations keeps int8 steps fine where the values are.
const CALIBRATION_METHOD: CalibrationMethod = { kind: 'percentile', percentile: 99.99 };

async function writeOnnxFile(ctx: ExportWriteContext, model: OnnxModel): Promise<Uint8Array> {
  ctx.progress('write');
  await writeFile(ctx.temp, encodeModel(model));
  return new Uint8Array(await readFile(ctx.temp));
}

export const writeFloatOnnx: ExportWriter = async (ctx) => {
  ctx.progress('convert');
  const written = await writeOnnxFile(ctx, convertToOnnx(ctx.model, { metadata: ctx.metadata }));
  ctx.progress('measure');
  return { bytes: written.byteLength, report: await buildDeploymentReport({ ...ctx.report, floatOnnx: written }), config: {} };
};

export const writeInt8Onnx: ExportWriter = async (ctx): Promise<WrittenExport> => {
  ctx.progress('convert');
  const floatModel = convertToOnnx(ctx.model, { metadata: ctx.metadata });
  ctx.progress('calibrate');
  const calibrationFrom = ctx.record.datasetId ?? ctx.datasetId;
  const drawn = drawSamples(ctx.store, { datasetId: calibrationFrom, split: 'train' }, positiveInteger(ctx.calibrationSamples, 'calibration samples'));
  if (drawn.count === 0) throw new AppError('VALIDATION', `dataset ${calibrationFrom} has no training split to calibrate int8 ranges on; split it first`);
  const { sampleShape } = ctx.report.test;
  const calibration = { x: toModelInput(drawn.x, drawn.count, ctx.length, sampleShape), count: drawn.count, sampleShape };
  const written = await writeOnnxFile(ctx, await quantizeModel(floatModel, { mode: 'static', calibration, method: CALIBRATION_METHOD }));
  ctx.progress('measure');
  return {
    bytes: written.byteLength,
    report: await buildDeploymentReport({ ...ctx.report, floatOnnx: encodeModel(floatModel), int8Onnx: written }),
    config: { calibrationDatasetId: calibrationFrom, calibrationSamples: drawn.count, calibration: CALIBRATION_METHOD },
  };
};
