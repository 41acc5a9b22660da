// Ctrl-C (a cancel) keeps a training job's last checkpoint; `amr-studio train --resume JOB`
// continues at the next epoch and ends with the weights an uninterrupted run of the same seed
// ends with — dropout masks included, on two threads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src/shared/dto.ts';
import { command as train } from '../../../src/main/cli/commands/train.ts';
import { writeGeneratedDataset } from '../../../src/main/engine/dsp/synth/write.ts';
import { createEngine } from '../../../src/main/engine/engine.ts';
import { decodeWeights } from '../../../src/main/engine/ml/persist/weights.ts';
import { openProject } from '../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-resume-'));
const projectPath = join(dir, 'resume.amrproj');
let datasetId = 0;

// VT-CNN2 (three dropout layers) small enough to train in seconds.
const config = () => ({
  datasetId,
  model: { arch: 'vtcnn2', widths: { conv1: 16, conv2: 8, dense1: 32 } },
  train: { epochs: 3, batchSize: 16, seed: 5, earlyStopping: null, threads: 2 },
});

beforeAll(async () => {
  const store = openProject(projectPath, { create: true });
  datasetId = (await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK'], snrs: [10], perKey: 48, length: 32, seed: 3, normalisation: 'unit-power' })).id;
  store.assignSplits(datasetId, { train: 0.7, val: 0.15, test: 0.15, seed: 5 });
  store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function weightsOf(modelId: number): Float32Array[] {
  using store = openProject(projectPath);
  return [...decodeWeights(store.getModel(modelId).weights!, `model ${modelId}`).values()].map((w) => w.values);
}

describe('train --resume', { timeout: 240_000 }, () => {
  it('continues a cancelled job at the next epoch and ends with the uninterrupted run\'s weights', async () => {
    const engine = createEngine({ projectPath });
    let whole: number;
    let stopped: number;
    try {
      const done = await engine.jobs.wait(await engine.jobs.submit('train', config()));
      expect(done.status).toBe('done');
      whole = (done.result as { modelId: number }).modelId;

      stopped = await engine.jobs.submit('train', config());
      await new Promise<void>((resolve) => {
        const off = engine.jobs.subscribe((p: JobProgress) => {
          if (p.jobId !== stopped) return;
          if (p.phase === 'train' && p.metrics?.['epoch'] === 2) engine.jobs.cancel(stopped);
          if (p.status !== 'running') {
            off();
            resolve();
          }
        });
      });
      expect((await engine.jobs.wait(stopped)).status).toBe('cancelled');
      expect(engine.store.findCheckpoint(stopped)?.epoch).toBe(1);
    } finally {
      await engine.dispose();
    }

    // the options that choose what to train belong to the job being resumed
    await expect(train.run({ positionals: [projectPath], flags: { resume: String(stopped), epochs: '5' } }, () => {})).rejects.toThrow(
      /--resume continues the job with its own settings; leave out --epochs/,
    );
    const lines: string[] = [];
    const out = await train.run({ positionals: [projectPath], flags: { resume: String(stopped) } }, (l) => lines.push(l));
    const r = out.json as { jobId: number; modelId: number; epochs: number; name: string };
    expect(r).toMatchObject({ jobId: stopped, epochs: 3 });
    expect(lines).toContain(`resuming job ${stopped} after epoch 1`);
    expect(out.text).toMatch(/trainable parameters, [\d,]+ in all\)$/);

    using store = openProject(projectPath);
    expect(store.getJob(stopped).log).toMatch(/resuming from the checkpoint after epoch 1/);
    // the two models share a name made unique
    expect(r.name).toBe(`${store.getModel(whole).name} (2)`);
    const a = weightsOf(whole);
    const b = weightsOf(r.modelId);
    expect(b.map((w) => w.length)).toEqual(a.map((w) => w.length));
    let worst = 0;
    a.forEach((w, k) => w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[k]![i]!) / Math.max(1e-3, Math.abs(v))))));
    expect(worst).toBeLessThan(1e-5);
    expect(store.listMetrics({ jobId: stopped, kind: 'epoch' }).map((m) => m.step)).toEqual([0, 1, 2]);
  });
});
