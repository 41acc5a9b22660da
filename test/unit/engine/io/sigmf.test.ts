import { mkdtempSync, rmSync, writeFileSync, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sigmfImporter } from '../../../../src/main/engine/io/sigmf.ts';
import { CollectingWriter } from './collecting-writer.ts';
import { recordingBytes, recordingMeta, writeRecording } from './sigmf-fixture.ts';
import { failure, importInto } from './import-helpers.ts';
import { sharedPath } from '../../../helpers/shared-folder.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amr-sigmf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function importWith(path: string, options: Record<string, unknown> = {}) {
  return importInto(sigmfImporter, path, options);
}

/** Check that window k of the writer is samples [start, start+L) of the recording (I = s, Q = -s). */
function expectWindow(writer: CollectingWriter, k: number, start: number): void {
  const L = writer.length;
  const x = writer.data().subarray(k * 2 * L, (k + 1) * 2 * L);
  for (const j of [0, 1, L - 1]) {
    expect(x[j]).toBeCloseTo((start + j) / 32768, 7);
    expect(x[L + j]).toBeCloseTo(-(start + j) / 32768, 7);
  }
}

describe('SigMF importer', () => {
  it('turns labelled annotations into windows and keeps every annotation', async () => {
    const meta = writeRecording(dir, 'pair');
    const { plan, writer, report } = await importWith(meta);
    expect(plan.length).toBe(128);
    expect(plan.params).toMatchObject({ datatype: 'ci16_le', sampleRate: 1e6, centreFrequency: 2.4e9 });
    // BPSK: 600 samples → starts 100, 228, 356, 484; QPSK: 256 → 1000, 1128; FM is shorter than a window.
    expect(writer.classes).toEqual(['BPSK', 'QPSK']);
    expect(writer.meta.map((m) => m.sourceOffset)).toEqual([100, 228, 356, 484, 1000, 1128]);
    expect(writer.meta.map((m) => m.classIndex)).toEqual([0, 0, 0, 0, 1, 1]);
    expect(writer.meta.every((m) => m.snr === null)).toBe(true);
    writer.meta.forEach((m, k) => expectWindow(writer, k, m.sourceOffset));
    expect(report.samples).toBe(6);
    expect(report.warnings.join()).toContain("'FM'");

    expect(writer.annotations.map((a) => [a.sampleStart, a.sampleCount, a.label])).toEqual([
      [100, 600, 'BPSK'],
      [1000, 256, 'QPSK'],
      [2000, 500, null],
      [2600, 50, 'FM'],
    ]);
    expect(writer.annotations[0].extra).toEqual({ 'core:comment': 'first burst' });
    expect(writer.recordings).toHaveLength(1);
    expect(writer.recordings[0]).toMatchObject({ datatype: 'ci16_le', sampleRate: 1e6, centerFrequency: 2.4e9 });
    expect(writer.annotations.every((a) => a.recordingId === 1)).toBe(true);
    const bpskId = writer.annotations[0].id;
    expect(writer.meta.slice(0, 4).every((m) => m.annotationId === bpskId)).toBe(true);
  });

  it('honours window length and hop, and cuts unlabelled windows only where no label is', async () => {
    const meta = writeRecording(dir, 'hop');
    const { writer } = await importWith(meta, { windowLength: 256, hop: 64, unlabelled: 'true' });
    const labelled = writer.meta.filter((m) => m.classIndex >= 0).map((m) => m.sourceOffset);
    // BPSK [100, 700): starts 100..420 step 64; QPSK [1000, 1256): only 1000.
    expect(labelled).toEqual([100, 164, 228, 292, 356, 420, 1000]);
    const free = writer.meta.filter((m) => m.classIndex === -1);
    // Uncovered: [0,100) none, [700,1000) 700, [1256,2600) 1256..2344, [2650,3000) 2650, 2714
    const expected = [700];
    for (let s = 1256; s + 256 <= 2600; s += 64) expected.push(s);
    expected.push(2650, 2714);
    expect(free.map((m) => m.sourceOffset)).toEqual(expected);
    expect(free.every((m) => m.annotationId === null)).toBe(true);
    writer.meta.forEach((m, k) => expectWindow(writer, k, m.sourceOffset));
  });

  it('skips capture header bytes when locating samples', async () => {
    const meta = writeRecording(dir, 'headered', recordingMeta({ headerBytes: 16 }), recordingBytes(3000, 16));
    const { writer } = await importWith(meta);
    expect(writer.count).toBe(6);
    writer.meta.forEach((m, k) => expectWindow(writer, k, m.sourceOffset));
  });

  it('reads the same recording from a .sigmf tar archive, and accepts the data file as the path', async () => {
    const archive = join(dir, 'rec.sigmf');
    const p = pack();
    p.entry({ name: 'rec/rec.sigmf-meta' }, JSON.stringify(recordingMeta()));
    p.entry({ name: 'rec/rec.sigmf-data' }, recordingBytes());
    p.finalize();
    await pipeline(p, createWriteStream(archive));
    const fromArchive = await importWith(archive);
    const fromData = await importWith(join(dir, 'pair.sigmf-data'));
    const fromPair = await importWith(writeRecording(dir, 'pair'));
    expect(Array.from(fromArchive.writer.data())).toEqual(Array.from(fromPair.writer.data()));
    expect(Array.from(fromData.writer.data())).toEqual(Array.from(fromPair.writer.data()));
    expect(sigmfImporter.detect(archive, readFileSync(archive).subarray(0, 4096))).toBe(true);
    expect(sigmfImporter.sourceFiles!(join(dir, 'pair.sigmf-data'))).toEqual([join(dir, 'pair.sigmf-meta'), join(dir, 'pair.sigmf-data')]);
  });

  it('reads the chosen channel of an interleaved multi-channel recording', async () => {
    const samples = 512;
    const data = Buffer.alloc(samples * 2 * 4);
    for (let s = 0; s < samples; s++) {
      for (const ch of [0, 1]) {
        data.writeInt16LE(ch * 1000 + s, (2 * s + ch) * 4);
        data.writeInt16LE(-(ch * 1000 + s), (2 * s + ch) * 4 + 2);
      }
    }
    const meta = writeRecording(
      dir,
      'two-channels',
      {
        global: { 'core:datatype': 'ci16_le', 'core:num_channels': 2 },
        annotations: [{ 'core:sample_start': 0, 'core:sample_count': 512, 'core:label': 'OOK' }],
      },
      data,
    );
    const { writer } = await importWith(meta, { channel: 1, scaleIntegers: false });
    expect(writer.count).toBe(4);
    const x = writer.data();
    expect([x[0], x[127], x[128], x[3 * 256 + 5]]).toEqual([1000, 1127, -1000, 1000 + 384 + 5]);
    const err = await failure(sigmfImporter.inspect(meta, { options: { channel: 2 } }));
    expect(err.message).toContain('channel 2 requested, the recording has 2');
  });

  it('stops with CANCELLED when the signal is aborted', async () => {
    const meta = writeRecording(dir, 'cancel');
    const controller = new AbortController();
    controller.abort();
    const err = await failure(sigmfImporter.run(meta, new CollectingWriter(128), { signal: controller.signal }));
    expect(err.code).toBe('CANCELLED');
  });

  describe('bad input names the file and the problem', () => {
    it('data size that disagrees with the datatype', async () => {
      const meta = writeRecording(dir, 'odd', recordingMeta(), Buffer.concat([recordingBytes(), Buffer.alloc(2)]));
      const err = await failure(sigmfImporter.inspect(meta, {}));
      expect(err.code).toBe('BAD_FILE');
      expect(err.message).toContain(meta);
      expect(err.message).toContain('data size 12002 bytes does not fit datatype ci16_le');
    });

    it('an unknown datatype string', async () => {
      const meta = writeRecording(dir, 'unknown', recordingMeta({ datatype: 'cf16_le' }));
      const err = await failure(sigmfImporter.inspect(meta, {}));
      expect(err.code).toBe('BAD_FILE');
      expect(err.message).toContain(meta);
      expect(err.message).toContain("unknown datatype 'cf16_le'");
    });

    it('an annotation that runs past the data', async () => {
      const meta = writeRecording(dir, 'short', recordingMeta(), recordingBytes(2000));
      const err = await failure(sigmfImporter.inspect(meta, {}));
      expect(err.message).toContain(meta);
      expect(err.message).toMatch(/annotation at sample 2000 .* ends past the data, which holds 2000 samples/);
    });

    it('metadata that is not JSON, or lacks a datatype', async () => {
      const broken = join(dir, 'broken.sigmf-meta');
      writeFileSync(broken, '{"global": ');
      writeFileSync(join(dir, 'broken.sigmf-data'), recordingBytes(10));
      expect((await failure(sigmfImporter.inspect(broken, {}))).message).toContain(`${broken}: not valid SigMF metadata JSON`);
      const bare = writeRecording(dir, 'bare', { global: {} }, recordingBytes(10));
      expect((await failure(sigmfImporter.inspect(bare, {}))).message).toMatch(/invalid SigMF metadata \(global\.core:datatype/);
    });

    it('a missing data file', async () => {
      const lonely = join(dir, 'lonely.sigmf-meta');
      writeFileSync(lonely, JSON.stringify(recordingMeta()));
      expect(existsSync(join(dir, 'lonely.sigmf-data'))).toBe(false);
      const err = await failure(sigmfImporter.inspect(lonely, {}));
      expect(err.message).toContain('lonely.sigmf-data is missing');
    });

    it('invalid options', async () => {
      const meta = writeRecording(dir, 'opts');
      const err = await failure(sigmfImporter.inspect(meta, { options: { windowLength: 0 } }));
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toContain('windowLength');
    });
  });
});

const shared = sharedPath('fixtures/sigmf');
describe.skipIf(!existsSync(shared))('SigMF cross-check with the shared fixtures', () => {
  it.each([
    ['rml_bursts_cf32', 'cf32_le', 7, 4_800_000],
    ['rml_bursts_ci16', 'ci16_le', 8, 2_400_000],
  ])('%s: datatype, annotations and windows agree with the README', async (name, datatype, annotations, bytes) => {
    const { plan, writer } = await importWith(join(shared, `${name}.sigmf-meta`));
    expect(plan.params.datatype).toBe(datatype);
    expect(plan.params.sampleRate).toBe(200000);
    expect(writer.annotations).toHaveLength(annotations);
    const meta = JSON.parse(readFileSync(join(shared, `${name}.sigmf-meta`), 'utf8'));
    const sampleBytes = datatype === 'cf32_le' ? 8 : 4;
    expect(readFileSync(join(shared, `${name}.sigmf-data`)).length).toBe(bytes);
    const expected = meta.annotations.reduce((n: number, a: { 'core:sample_count': number }) => n + Math.floor((a['core:sample_count'] - 128) / 128) + 1, 0);
    expect(writer.count).toBe(expected);
    expect(bytes / sampleBytes).toBeGreaterThan(0);
  });
});
