import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { AppError } from '../../../../shared/errors.ts';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

function concatWeightData(data: ArrayBuffer | ArrayBuffer[] | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}

/** An IOHandler that writes TF.js's layers-model format (model.json + one weights.bin) to a folder. */
export function fileSaveHandler(dir: string, metadata: Record<string, unknown> = {}): tf.io.IOHandler {
  return {
    async save(artifacts) {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new AppError('UNSUPPORTED', 'binary model topologies cannot be written as model.json');
      const weights = concatWeightData(artifacts.weightData as ArrayBuffer | ArrayBuffer[] | undefined);
      const json = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        trainingConfig: artifacts.trainingConfig,
        userDefinedMetadata: { ...artifacts.userDefinedMetadata, ...metadata },
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, WEIGHTS_BIN), weights);
      await writeFile(path.join(dir, MODEL_JSON), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightData: weights.buffer as ArrayBuffer }) };
    },
  };
}

/** Saves `model` as `dir/model.json` + `dir/weights.bin`; returns both paths and the total size in bytes. */
export async function exportTfjs(model: tfl.LayersModel, dir: string, metadata: Record<string, unknown> = {}): Promise<{ modelJson: string; weightsBin: string; bytes: number }> {
  const result = await model.save(fileSaveHandler(dir, metadata));
  const info = result.modelArtifactsInfo;
  return {
    modelJson: path.join(dir, MODEL_JSON),
    weightsBin: path.join(dir, WEIGHTS_BIN),
    bytes: (info.modelTopologyBytes ?? 0) + (info.weightDataBytes ?? 0),
  };
}

/** Loads a folder written by exportTfjs (any layers-model folder whose manifest lists local files). */
export async function loadTfjsFolder(dir: string): Promise<tfl.LayersModel> {
  const jsonPath = path.join(dir, MODEL_JSON);
  let json: { modelTopology?: unknown; weightsManifest?: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>; userDefinedMetadata?: Record<string, unknown> };
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8'));
  } catch (err) {
    throw new AppError('BAD_FILE', `${jsonPath}: expected a TF.js model.json, ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new AppError('BAD_FILE', `${jsonPath}: expected modelTopology and weightsManifest`);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(await readFile(path.join(dir, p)));
  }
  const weights = concatWeightData(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
  return tfl.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: specs,
    weightData: weights.buffer as ArrayBuffer,
    userDefinedMetadata: json.userDefinedMetadata as Record<string, never> | undefined,
  }));
}
