import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { runExportJob } from '../../../../src/main/engine/jobs/kinds/export.ts';
import { exportModel } from '../../../../src/main/engine/export/export-model.ts';
import { loadOnnx } from '../../../../src/main/engine/export/onnx-runtime.ts';
import { ModelProto } from '../../../../src/main/engine/export/onnx/onnx-schema.ts';
import { loadTfjsFolder } from '../../../../src/main/engine/export/tfjs/save-layers-model.ts';
import { tf } from '../../../../src/main/engine/ml/tfjs.ts';
import { AppError } from '../../../../src/shared/errors.ts';
import { makeTrainedProject, PROJECT_CLASSES, PROJECT_LENGTH, type TrainedProject } from './trained-project.ts';
import { useWasm } from './test-models.ts';

let project: TrainedProject;

beforeAll(async () => {
  await useWasm();
  project = await makeTrainedProject('amr-export-model-');
});
afterAll(() => {
  project.store.close();
  rmSync(project.dir, { recursive: true, force: true });
});

function predictedClasses(scores: Float32Array, count: number): number[] {
  const classes = scores.length / count;
  return Array.from({ length: count }, (_, s) => {
    const row = Array.from(scores.subarray(s * classes, (s + 1) * classes));
    return row.indexOf(Math.max(...row));
  });
}

/** Accuracy of class scores [n][C] against the test split, counted here rather than by the report. */
function accuracyOf(scores: Float32Array, labels: Int32Array): number {
  return predictedClasses(scores, labels.length).filter((c, s) => c === labels[s]).length / labels.length;
}

function testSplit() {
  return project.store.loadSamples({ datasetId: project.dataset.id, split: 'test' });
}

async function runOnnxFile(file: string): Promise<Float32Array> {
  const test = testSplit();
  const runner = await loadOnnx(new Uint8Array(readFileSync(file)), file);
  try {
    return await runner.run(test.x, test.count, [2, PROJECT_LENGTH]);
  } finally {
    await runner.release();
  }
}

function metadataOf(file: string): Record<string, string> {
  const decoded = ModelProto.toObject(ModelProto.decode(readFileSync(file)), { defaults: true }) as { metadataProps: Array<{ key: string; value: string }> };
  return Object.fromEntries(decoded.metadataProps.map((p) => [p.key, p.value]));
}

const leftovers = () => readdirSync(project.dir).filter((f) => f.includes('.partial'));

describe('exportModel', () => {
  it('onnx: writes the file, reports the accuracy of running that file, and records the export', async () => {
    const out = path.join(project.dir, 'tiny.onnx');
    const phases: string[] = [];
    const result = await exportModel(project.store, { modelId: project.modelId, format: 'onnx', outPath: out, latencyRuns: 3, onProgress: (p) => phases.push(p) });
    expect(result.path).toBe(out);
    expect(statSync(out).size).toBe(result.bytes);
    expect(phases).toEqual(['load', 'convert', 'write', 'measure', 'record']);

    const test = testSplit();
    expect(test.count).toBeGreaterThan(50);
    expect(result.report.float.accuracy.samples).toBe(test.count);
    const scores = await runOnnxFile(out);
    // the model has learnt something, so a file with other weights would not score the same
    expect(new Set(predictedClasses(scores, test.count)).size).toBeGreaterThan(1);
    expect(result.report.float.accuracy.overall).toBeGreaterThan(0.3);
    expect(result.report.float.accuracy.overall).toBe(accuracyOf(scores, test.y));
    expect(result.report.float.accuracy.perSnr.map((b) => b.snr)).toEqual([10, 18]);
    expect(result.report.float.parity.maxAbsDiff).toBeLessThan(1e-4);
    expect(result.report.int8).toBeNull();

    const meta = metadataOf(out);
    expect(JSON.parse(meta.classes!)).toEqual(PROJECT_CLASSES);
    expect(JSON.parse(meta.snr_range_db!)).toEqual([10, 18]);
    expect(meta.normalization).toBe('unit-power');
    expect(meta.model_name).toBe('tiny vtcnn2');
    expect(JSON.parse(meta.lineage!)).toEqual([`train: model ${project.modelId} "tiny vtcnn2" (vtcnn2)`]);

    const rows = project.store.listExports({ modelId: project.modelId }).filter((r) => r.id === result.exportId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ format: 'onnx', path: out, sizeBytes: result.bytes });
    expect((rows[0]!.report as { float: { accuracy: { overall: number } } }).float.accuracy.overall).toBe(result.report.float.accuracy.overall);
    expect(leftovers()).toEqual([]);
  });

  it('onnx-int8: calibrates on the training split and measures the int8 file', async () => {
    const out = path.join(project.dir, 'tiny-int8.onnx');
    const result = await exportModel(project.store, { modelId: project.modelId, format: 'onnx-int8', outPath: out, calibrationSamples: 64, latencyRuns: 3 });
    const int8 = result.report.int8!;
    expect(int8).not.toBeNull();
    expect(int8.fileBytes).toBe(statSync(out).size);
    expect(int8.accuracy.overall).toBe(accuracyOf(await runOnnxFile(out), testSplit().y));
    expect(int8.accuracyDropPoints).toBeCloseTo(100 * (result.report.float.accuracy.overall - int8.accuracy.overall), 9);
    const quantization = JSON.parse(metadataOf(out).quantization!);
    expect(quantization).toMatchObject({ mode: 'static', calibration: { samples: 64 } });
    const row = project.store.listExports().find((r) => r.id === result.exportId)!;
    expect(row).toMatchObject({ format: 'onnx-int8', config: { calibrationSamples: 64, datasetId: project.dataset.id } });
  });

  it('tfjs: writes a folder stock TF.js loads, with the accuracy of the reloaded model', async () => {
    const out = path.join(project.dir, 'tiny-tfjs');
    const result = await exportModel(project.store, { modelId: project.modelId, format: 'tfjs', outPath: out, latencyRuns: 3 });
    expect(readdirSync(out).sort()).toEqual(['.amr-studio-export', 'model.json', 'weights.bin']);
    expect(result.bytes).toBe(statSync(path.join(out, 'model.json')).size + statSync(path.join(out, 'weights.bin')).size);
    const json = readFileSync(path.join(out, 'model.json'), 'utf8');
    expect(json).not.toContain('SeededDropout');
    expect(JSON.parse(json).userDefinedMetadata).toMatchObject({ classes: PROJECT_CLASSES, customLayers: [] });

    const loaded = await loadTfjsFolder(out);
    const test = testSplit();
    const scores = tf.tidy(() => (loaded.predict(tf.tensor(test.x, [test.count, 2, PROJECT_LENGTH])) as tf.Tensor).dataSync() as Float32Array);
    loaded.dispose();
    expect(result.report.float.accuracy.overall).toBe(accuracyOf(scores, test.y));
    expect(result.report.float.parity.maxAbsDiff).toBe(0);
    expect(project.store.listExports().find((r) => r.id === result.exportId)).toMatchObject({ format: 'tfjs', path: out });
  });

  it('writes the lineage of the model, oldest first, into the file', async () => {
    const parent = project.store.getModel(project.modelId);
    const child = project.store.saveModel({ ...parent, name: 'tiny vtcnn2 fine-tuned', parentId: parent.id, operation: 'fine-tune' });
    const out = path.join(project.dir, 'child.onnx');
    await exportModel(project.store, { modelId: child.id, format: 'onnx', outPath: out, latencyRuns: 1, maxTestSamples: 10 });
    expect(JSON.parse(metadataOf(out).lineage!)).toEqual([
      `train: model ${parent.id} "tiny vtcnn2" (vtcnn2)`,
      `fine-tune: model ${child.id} "tiny vtcnn2 fine-tuned" (vtcnn2)`,
    ]);
  });

  it('refuses an unknown model, a missing folder and an existing file, leaving no file and no row', async () => {
    const before = project.store.listExports().length;
    const missing = path.join(project.dir, 'no-such-folder', 'm.onnx');
    await expect(exportModel(project.store, { modelId: 999, format: 'onnx', outPath: path.join(project.dir, 'x.onnx') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const err = await exportModel(project.store, { modelId: project.modelId, format: 'onnx', outPath: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('NOT_WRITABLE');
    expect((err as AppError).message).toContain('no-such-folder');
    expect(existsSync(path.dirname(missing))).toBe(false);

    const taken = path.join(project.dir, 'taken.onnx');
    writeFileSync(taken, 'keep me');
    await expect(exportModel(project.store, { modelId: project.modelId, format: 'onnx', outPath: taken })).rejects.toThrow(/already exists/);
    expect(readFileSync(taken, 'utf8')).toBe('keep me');
    await expect(exportModel(project.store, { modelId: project.modelId, format: 'nnef' as 'onnx', outPath: path.join(project.dir, 'y') })).rejects.toThrow(/format/);

    expect(existsSync(path.join(project.dir, 'x.onnx'))).toBe(false);
    expect(project.store.listExports()).toHaveLength(before);
  });

  it('a failure part-way (no test split; cancelled after writing) leaves no file and no row', async () => {
    const before = project.store.listExports().length;
    const unsplit = await writeGeneratedDataset(project.store, { preset: 'rml2016', classes: PROJECT_CLASSES, snrs: [10], perKey: 2, length: PROJECT_LENGTH, seed: 4 });
    const out = path.join(project.dir, 'unsplit.onnx');
    await expect(exportModel(project.store, { modelId: project.modelId, format: 'onnx', outPath: out, datasetId: unsplit.id })).rejects.toThrow(/no test split/);

    const controller = new AbortController();
    const cancelled = path.join(project.dir, 'cancelled.onnx');
    const attempt = exportModel(project.store, {
      modelId: project.modelId,
      format: 'onnx',
      outPath: cancelled,
      latencyRuns: 3,
      signal: controller.signal,
      // cancel once the file is on disk under its temporary name, before it is recorded
      onProgress: (phase) => phase === 'measure' && controller.abort(),
    });
    await expect(attempt).rejects.toMatchObject({ code: 'CANCELLED' });
    for (const file of [out, cancelled]) expect(existsSync(file)).toBe(false);
    expect(leftovers()).toEqual([]);
    expect(project.store.listExports()).toHaveLength(before);
  });

  it('replaces an existing export only when asked to, and caps the test samples it runs', async () => {
    const out = path.join(project.dir, 'again.onnx');
    const first = await exportModel(project.store, { modelId: project.modelId, format: 'onnx', outPath: out, latencyRuns: 1, maxTestSamples: 20 });
    writeFileSync(out, Buffer.concat([readFileSync(out).subarray(0, 64), Buffer.alloc(first.bytes - 64)]));
    const result = await exportModel(project.store, { modelId: project.modelId, format: 'onnx', outPath: out, overwrite: true, latencyRuns: 3, maxTestSamples: 20 });
    expect(statSync(out).size).toBe(result.bytes);
    expect(readFileSync(out).subarray(64).some((b) => b !== 0)).toBe(true);
    expect(result.report.float.accuracy.samples).toBe(20);
    expect(result.report.float.accuracy.perSnr.reduce((n, b) => n + b.count, 0)).toBe(20);
    expect(project.store.listExports().find((r) => r.id === result.exportId)!.config).toMatchObject({ testSamples: 20 });
  });

  describe('--force replaces only a previous export of ours', () => {
    const force = (outPath: string, format: 'onnx' | 'tfjs') =>
      exportModel(project.store, { modelId: project.modelId, format, outPath, overwrite: true, latencyRuns: 1, maxTestSamples: 20 });

    it('a file that is not our ONNX, a pipe and a link are refused and left as they were', async () => {
      const foreign = path.join(project.dir, 'notes.onnx');
      writeFileSync(foreign, 'a user file');
      await expect(force(foreign, 'onnx')).rejects.toMatchObject({ code: 'VALIDATION', message: `${foreign}: is not an ONNX model written by AMR Studio; it is not replaced` });
      expect(readFileSync(foreign, 'utf8')).toBe('a user file');
      const pipe = path.join(project.dir, 'pipe.onnx');
      execFileSync('mkfifo', [pipe]);
      await expect(force(pipe, 'onnx')).rejects.toMatchObject({ code: 'VALIDATION', message: `${pipe}: a device, pipe or socket is there, not a file an export wrote; it is not replaced` });
      expect(lstatSync(pipe).isFIFO()).toBe(true);
      const link = path.join(project.dir, 'link.onnx');
      symlinkSync(foreign, link);
      await expect(force(link, 'onnx')).rejects.toMatchObject({ code: 'VALIDATION' });
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
    });

    it('a TF.js export folder is replaced; a user folder, or our folder with a user file added, is not touched', async () => {
      const user = path.join(project.dir, 'thesis');
      mkdirSync(user);
      writeFileSync(path.join(user, 'chapter1.tex'), 'text');
      await expect(force(user, 'tfjs')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('is a folder that is not an AMR Studio export') });
      expect(readdirSync(user)).toEqual(['chapter1.tex']);

      const ours = path.join(project.dir, 'web-model');
      await force(ours, 'tfjs');
      expect(readdirSync(ours).sort()).toEqual(['.amr-studio-export', 'model.json', 'weights.bin']);
      const replaced = await force(ours, 'tfjs');
      expect(replaced.path).toBe(ours);
      expect(readdirSync(ours).sort()).toEqual(['.amr-studio-export', 'model.json', 'weights.bin']);
      expect(readdirSync(project.dir).filter((f) => f.includes('.replaced') || f.includes('.partial'))).toEqual([]);

      writeFileSync(path.join(ours, 'mine.txt'), 'keep');
      await expect(force(ours, 'tfjs')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('also holds mine.txt') });
      expect(readFileSync(path.join(ours, 'mine.txt'), 'utf8')).toBe('keep');
    });
  });
});

describe('export job', () => {
  it('runs the export with progress, and validates its config', async () => {
    const out = path.join(project.dir, 'job.onnx');
    const config = { modelId: project.modelId, format: 'onnx', outPath: out };
    const job = project.store.createJob({ kind: 'export', config, seed: 0 });
    const phases: string[] = [];
    const ctx = { store: project.store, jobId: job.id, signal: new AbortController().signal, progress: (phase: string) => phases.push(phase), log: () => {} };
    const result = await runExportJob(ctx, config);
    expect(result).toMatchObject({ path: out, bytes: statSync(out).size });
    expect(phases).toEqual(['load', 'convert', 'write', 'measure', 'record']);
    expect(project.store.listExports().some((r) => r.id === result.exportId && r.path === out)).toBe(true);
    await expect(runExportJob(ctx, { ...config, format: 'zip' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
