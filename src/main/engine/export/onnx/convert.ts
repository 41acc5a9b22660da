import type * as tfl from '@tensorflow/tfjs-layers';
import { AppError } from '../../../../shared/errors.ts';
import { appInfo } from '../../base/app-info.ts';
import { ConversionContext, type ConvTensor } from './conversion-context.ts';
import { encodeModel } from './encode.ts';
import { GraphBuilder, type OnnxModel } from './graph-ir.ts';
import { converterFor } from './layers/index.ts';
import { metadataProps, type ExportMetadata } from './metadata.ts';
import { DataType } from './onnx-schema.ts';

export const OPSET_VERSION = 17;
/** Symbolic name of the batch dimension in the exported file. */
export const BATCH_DIM = 'N';

export interface OnnxExportOptions {
  metadata: ExportMetadata;
  graphName?: string;
}

type SymbolicTensor = tfl.SymbolicTensor;

function staticShape(t: SymbolicTensor, what: string): number[] {
  const rest = t.shape.slice(1);
  if (rest.some((d) => d == null)) {
    throw new AppError('UNSUPPORTED', `${what}: shape ${JSON.stringify(t.shape)} is not static; ONNX export needs fixed sizes except the batch`);
  }
  return rest as number[];
}

function countConsumers(model: tfl.LayersModel): Map<number, number> {
  const counts = new Map<number, number>();
  const bump = (id: number) => counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const layer of model.layers) {
    for (const node of layer.inboundNodes) node.inputTensors.forEach((t) => bump(t.id));
  }
  model.outputs.forEach((t) => bump(t.id));
  return counts;
}

/**
 * Converts a TF.js LayersModel (Sequential or functional) to an in-memory ONNX graph by walking
 * its layers' inbound nodes in topological order. Inputs and outputs keep TF.js shapes with a
 * symbolic batch dimension, so the same arrays feed both runtimes.
 */
export function convertToOnnx(model: tfl.LayersModel, options: OnnxExportOptions): OnnxModel {
  const builder = new GraphBuilder(options.graphName ?? model.name);
  const known = new Map<number, ConvTensor>();
  model.inputs.forEach((t, k) => {
    const name = model.inputs.length === 1 ? 'input' : `input_${k}`;
    builder.reserve(name);
    const shape = staticShape(t, `model input ${k}`);
    builder.graph.inputs.push({ name, elemType: DataType.FLOAT, shape: [BATCH_DIM, ...shape] });
    known.set(t.id, { name, shape, layout: 'tf' });
  });
  model.outputs.forEach((_, k) => builder.reserve(model.outputs.length === 1 ? 'output' : `output_${k}`));

  const ctx = new ConversionContext(builder, countConsumers(model));
  const done = new Set<object>();
  for (let progress = true; progress;) {
    progress = false;
    for (const layer of model.layers) {
      const className = layer.getClassName();
      if (className === 'InputLayer') continue;
      for (const node of layer.inboundNodes) {
        if (done.has(node) || !node.inputTensors.every((t) => known.has(t.id))) continue;
        const where = `layer ${layer.name} (${className})`;
        if (className === 'Sequential' || className === 'Model' || className === 'Functional') {
          throw new AppError('UNSUPPORTED', `${where}: nested models; flatten the model before export`);
        }
        const outputs = converterFor(className, where)(ctx, {
          layer,
          className,
          config: layer.getConfig() as Record<string, unknown>,
          inputs: node.inputTensors.map((t) => known.get(t.id)!),
          inputIds: node.inputTensors.map((t) => t.id),
          outputShapes: node.outputTensors.map((t) => staticShape(t, where)),
          where,
        });
        node.outputTensors.forEach((t, k) => known.set(t.id, outputs[k]!));
        done.add(node);
        progress = true;
      }
    }
  }

  model.outputs.forEach((t, k) => {
    const produced = known.get(t.id);
    if (!produced) throw new AppError('INTERNAL', `model output ${k} was not reached while walking the layers`);
    const name = model.outputs.length === 1 ? 'output' : `output_${k}`;
    const tf = ctx.asTf(produced);
    builder.graph.nodes.push({ name: `${name}_identity`, opType: 'Identity', inputs: [tf.name], outputs: [name], attributes: {} });
    builder.graph.outputs.push({ name, elemType: DataType.FLOAT, shape: [BATCH_DIM, ...staticShape(t, `model output ${k}`)] });
  });

  return {
    graph: builder.graph,
    opsetVersion: OPSET_VERSION,
    producerName: 'amr-studio',
    producerVersion: appInfo().version,
    metadata: metadataProps(options.metadata, staticShape(model.inputs[0]!, 'model input 0')),
  };
}

/** Converts and serialises in one step: the bytes of a .onnx file. */
export function exportOnnx(model: tfl.LayersModel, options: OnnxExportOptions): Uint8Array {
  return encodeModel(convertToOnnx(model, options));
}
