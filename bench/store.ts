// Store throughput: write and read-for-training of an RML2016.10a-sized dataset
// (220,000 × 2 × 128 float32), compared with reading the same bytes from a plain file,
// and the p95 latency of a filtered page of 100 rows. Prints one JSON document.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openProject } from '../src/main/engine/store/project.ts';
import { createRng } from '../src/main/engine/base/random.ts';
import type { SampleMeta } from '../src/main/engine/store/types.ts';

const count = 220_000;
const length = 128;
const classes = 11;
const snrs = Array.from({ length: 20 }, (_, i) => -20 + 2 * i);
const batch = 1000;
const floatsPerSample = 2 * length;
const megabytes = (count * floatsPerSample * 4) / 2 ** 20;

const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'amr-store-bench-'));
try {
  const randomRng = createRng(1);
  const random = () => randomRng.next();
  const data = new Float32Array(batch * floatsPerSample);
  for (let i = 0; i < data.length; i++) data[i] = random() - 0.5;

  const store = openProject(join(dir, 'bench.amrproj'), { create: true });
  let t = performance.now();
  const writer = store.beginDataset({ name: 'bench', kind: 'generated', format: 'synthetic', sourcePath: null, sourceHash: 'bench', length, params: {} });
  for (let c = 0; c < classes; c++) writer.classIndex(`class${c}`);
  for (let written = 0; written < count; written += batch) {
    const meta: SampleMeta[] = [];
    for (let k = 0; k < batch; k++) {
      const i = written + k;
      meta.push({ classIndex: Math.floor(i / (count / classes)), snr: snrs[Math.floor(i / 1000) % snrs.length]!, sourceOffset: i });
    }
    writer.append(data, meta);
  }
  const dataset = writer.commit();
  const writeSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  store.assignSplits(dataset.id, { train: 0.7, val: 0.1, test: 0.2, seed: 3 });
  const splitSeconds = (performance.now() - t) / 1000;

  const readTimes: number[] = [];
  for (let r = 0; r < 3; r++) {
    t = performance.now();
    const loaded = store.loadSamples({ datasetId: dataset.id });
    readTimes.push((performance.now() - t) / 1000);
    if (loaded.count !== count) throw new Error(`loaded ${loaded.count} samples, expected ${count}`);
  }
  const readSeconds = Math.min(...readTimes);

  t = performance.now();
  let streamed = 0;
  for (const b of store.streamBatches({ datasetId: dataset.id, split: 'train' }, 256, { seed: 1, shuffle: true })) streamed += b.count;
  const streamSeconds = (performance.now() - t) / 1000;

  const plainFile = join(dir, 'plain.f32');
  const plain = new Float32Array(count * floatsPerSample);
  writeFileSync(plainFile, plain);
  const plainTimes: number[] = [];
  for (let r = 0; r < 3; r++) {
    t = performance.now();
    const bytes = readFileSync(plainFile);
    const floats = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(floats.buffer).set(bytes);
    plainTimes.push((performance.now() - t) / 1000);
  }
  const plainSeconds = Math.min(...plainTimes);

  const pageRandomRng = createRng(7);
  const pageRandom = () => pageRandomRng.next();
  const pageTimes: number[] = [];
  for (let q = 0; q < 200; q++) {
    const filter = {
      datasetId: dataset.id,
      classes: [Math.floor(pageRandom() * classes)],
      snrMin: snrs[Math.floor(pageRandom() * 10)]!,
      split: 'train' as const,
    };
    const offset = Math.floor(pageRandom() * 5000);
    t = performance.now();
    const page = store.pageSamples(filter, { offset, limit: 100 });
    pageTimes.push(performance.now() - t);
    if (page.rows.length === 0 && page.total > offset) throw new Error('empty page');
  }
  const unfilteredTimes: number[] = [];
  for (let q = 0; q < 100; q++) {
    const offset = Math.floor(pageRandom() * (count - 100));
    t = performance.now();
    store.pageSamples({ datasetId: dataset.id }, { offset, limit: 100 });
    unfilteredTimes.push(performance.now() - t);
  }
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;
  const info = store.info();
  store.close();

  const round = (x: number, digits = 1) => Number(x.toFixed(digits));
  console.log(
    JSON.stringify(
      {
        samples: count,
        megabytes: round(megabytes),
        writeMBps: round(megabytes / writeSeconds),
        writeSeconds: round(writeSeconds, 2),
        splitSeconds: round(splitSeconds, 2),
        readForTrainingMBps: round(megabytes / readSeconds),
        plainFileReadMBps: round(megabytes / plainSeconds),
        readRatioToPlainFile: round(plainSeconds / readSeconds, 2),
        streamShuffledTrainMBps: round((streamed * floatsPerSample * 4) / 2 ** 20 / streamSeconds),
        pageP95Ms: round(p95(pageTimes), 2),
        pageFilter: 'one class, snr >= x, split train, offset < 5000, limit 100',
        unfilteredDeepPageP95Ms: round(p95(unfilteredTimes), 2),
        projectFileMB: round(info.sizeBytes / 2 ** 20),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
