// The TF.js writer: a model.json + weights.bin folder with a topology any TF.js loads, measured
// by loading the folder back.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { makeTopologyPortable } from '../tfjs/portable-topology.ts';
import { exportTfjs, loadTfjsFolder } from '../tfjs/save-layers-model.ts';
import { buildTfjsReport } from '../tfjs/tfjs-report.ts';
import type { ExportWriter } from './writer.ts';

async function folderBytes(dir: string, files: string[]): Promise<number> {
  let total = 0;
  for (const f of files) total += (await stat(path.join(dir, f))).size;
  return total;
}

export const writeTfjs: ExportWriter = async (ctx) => {
  ctx.progress('write');
  const { metadata } = ctx;
  const saved = await exportTfjs(ctx.model, ctx.temp, { classes: metadata.classes, modelName: metadata.modelName, inputLayout: metadata.inputLayout, lineage: metadata.lineage, output: metadata.extra?.output });
  await makeTopologyPortable(saved.modelJson);
  const bytes = await folderBytes(ctx.temp, [path.basename(saved.modelJson), path.basename(saved.weightsBin)]);
  ctx.progress('measure');
  const exported = await loadTfjsFolder(ctx.temp);
  try {
    return { bytes, report: buildTfjsReport({ ...ctx.report, exported, fileBytes: bytes }), config: {} };
  } finally {
    exported.dispose();
  }
};
