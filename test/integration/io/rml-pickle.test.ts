// RML2016 pickles through the importer registry into a real project file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors.ts';
import { detectFormat, importFile } from '../../../src/main/engine/io/registry.ts';
import { openProject, type ProjectStore } from '../../../src/main/engine/store/project.ts';
import { rmlP0Bytes, type RmlEntry } from '../../helpers/rml-p0-writer.ts';
import { sharedPath } from '../../helpers/shared-folder.ts';

const classes = ['8PSK', 'AM-DSB', 'AM-SSB', 'BPSK', 'CPFSK', 'GFSK', 'PAM4', 'QAM16', 'QAM64', 'QPSK', 'WBFM'];

function entries(perKey: number, names = classes): RmlEntry[] {
  const out: RmlEntry[] = [];
  let seed = 7;
  for (const modulation of names) {
    for (const snr of [-10, 0, 10]) {
      const data = new Float32Array(perKey * 256);
      for (let i = 0; i < data.length; i++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        data[i] = (seed / 2 ** 32 - 0.5) * 0.02;
      }
      out.push({ modulation, snr, data, shape: [perKey, 2, 128] });
    }
  }
  return out;
}

function sum(values: Float32Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

describe('RML2016 pickle import into a project', () => {
  let dir: string;
  let store: ProjectStore;
  const good = entries(2);
  let goodFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amr-rml-'));
    store = openProject(join(dir, 'p.amrproj'), { create: true });
    goodFile = join(dir, 'RML2016.10a_dict.pkl');
    writeFileSync(goodFile, rmlP0Bytes(good));
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectNothingWritten(path: string, code: string, message: RegExp): Promise<void> {
    const before = store.listDatasets().length;
    const err = await importFile(store, path, { format: 'rml-pickle' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    expect((err as AppError).message).toContain(path);
    expect((err as AppError).message).toMatch(message);
    expect(store.listDatasets()).toHaveLength(before);
  }

  it('detects the format from content and imports every vector with variant and protocol', async () => {
    expect((await detectFormat(goodFile)).id).toBe('rml-pickle');
    const progress: number[] = [];
    const { dataset } = await importFile(store, goodFile, { onProgress: (p) => progress.push(p.done) });
    expect(dataset.count).toBe(good.length * 2);
    expect(dataset.length).toBe(128);
    expect(dataset.params.variant).toBe('RML2016.10a');
    expect(dataset.params.protocol).toBe(0);
    expect(dataset.params.keys).toHaveLength(good.length);
    expect(new Set(dataset.classes)).toEqual(new Set(classes));
    expect(progress.length).toBeGreaterThan(0);
    const loaded = store.loadSamples({ datasetId: dataset.id });
    expect(loaded.count).toBe(good.length * 2);
    expect(sum(loaded.x)).toBeCloseTo(good.reduce((s, e) => s + sum(e.data), 0), 4);
    const qpsk10 = good.find((e) => e.modulation === 'QPSK' && e.snr === 10)!;
    const q = store.loadSamples({ datasetId: dataset.id, classes: [dataset.classes.indexOf('QPSK')], snrMin: 10, snrMax: 10 });
    expect(q.x).toEqual(qpsk10.data);
  });

  it('reads the pickle inside a .tar.bz2 archive without extracting it', async () => {
    const src = join(dir, 'tar-src');
    mkdirSync(src);
    writeFileSync(join(src, 'RML2016.10b.dat'), rmlP0Bytes(entries(3, classes.filter((c) => c !== 'AM-SSB'))));
    const archive = join(dir, 'RML2016.10b.tar.bz2');
    execFileSync('tar', ['-cjf', archive, '-C', src, 'RML2016.10b.dat']);
    const { dataset } = await importFile(store, archive);
    expect(dataset.format).toBe('rml-pickle');
    expect(dataset.count).toBe(10 * 3 * 3);
    expect(dataset.params.variant).toBe('RML2016.10b');
    expect(dataset.params.archiveMember).toBe('RML2016.10b.dat');
  });

  it('detects RML2016.04c from uneven counts per key', async () => {
    const uneven = entries(2).map((e, i) => (i % 5 === 0 ? { ...e, shape: [1, 2, 128] as [number, number, number], data: e.data.slice(0, 256) } : e));
    const file = join(dir, '2016.04C.multisnr.pkl');
    writeFileSync(file, rmlP0Bytes(uneven));
    const { dataset } = await importFile(store, file);
    expect(dataset.params.variant).toBe('RML2016.04c');
  });

  it('leaves the project unchanged on a truncated file', async () => {
    const bytes = readFileSync(goodFile);
    const file = join(dir, 'truncated.pkl');
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    await expectNothingWritten(file, 'BAD_FILE', /truncated/);
  });

  it('leaves the project unchanged on a wrong shape in the last key', async () => {
    const bad = entries(2);
    bad[bad.length - 1] = { ...bad[bad.length - 1], shape: [2, 128, 2] };
    const file = join(dir, 'shape.pkl');
    writeFileSync(file, rmlP0Bytes(bad));
    await expectNothingWritten(file, 'BAD_FILE', /key \('WBFM', 10\).*shape=\(2, 128, 2\)/);
  });

  it('refuses a pickle calling os.system, which never runs', async () => {
    const marker = join(dir, 'pwned');
    const file = join(dir, 'evil.pkl');
    writeFileSync(file, `(dp1\n(S'QPSK'\nI2\ntcos\nsystem\n(S'touch ${marker}'\ntRs.`);
    await expectNothingWritten(file, 'FORBIDDEN_GLOBAL', /os\.system/);
    expect(existsSync(marker)).toBe(false);
  });

  it('rejects a directory and an empty file', async () => {
    const folder = join(dir, 'folder.pkl');
    mkdirSync(folder);
    await expectNothingWritten(folder, 'BAD_FILE', /directory/);
    const empty = join(dir, 'empty.pkl');
    writeFileSync(empty, '');
    await expectNothingWritten(empty, 'BAD_FILE', /empty/);
  });

  it('rejects a corrupt .tar.bz2 archive', async () => {
    const file = join(dir, 'broken.tar.bz2');
    writeFileSync(file, Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(200, 0x5a)]));
    await expectNothingWritten(file, 'BAD_FILE', /tar\.bz2/);
  });

  it('honours cancellation without writing anything', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = store.listDatasets().length;
    const err = await importFile(store, goodFile, { signal: controller.signal, onDuplicate: 'error' }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('CANCELLED');
    expect(store.listDatasets()).toHaveLength(before);
  });

  it('fuzz: corrupted files give a whole dataset or none', async () => {
    const src = rmlP0Bytes(entries(1, ['BPSK', 'QPSK']));
    let s = 99;
    const next = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    for (let i = 0; i < 40; i++) {
      const bytes = Buffer.from(src);
      for (let f = 0; f < 2; f++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      const file = join(dir, `fuzz-${i}.pkl`);
      writeFileSync(file, next() < 0.3 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes);
      const before = store.listDatasets().length;
      const result = await importFile(store, file, { format: 'rml-pickle' }).catch((e: unknown) => e);
      if (result instanceof Error) {
        expect(result).toBeInstanceOf(AppError);
        expect(store.listDatasets()).toHaveLength(before);
      } else {
        const { dataset, reused } = result as { dataset: { count: number; params: Record<string, unknown> }; reused: boolean };
        expect(dataset.count).toBe(dataset.params.vectors);
        if (!reused) expect(store.listDatasets()).toHaveLength(before + 1);
      }
    }
  });
});

const fixtures = sharedPath('fixtures');

describe.skipIf(!existsSync(fixtures))('shared RML fixtures (cross-check)', () => {
  let dir: string;
  let store: ProjectStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amr-rml-fx-'));
    store = openProject(join(dir, 'fx.amrproj'), { create: true });
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const expectedA: Record<string, [number, number[]]> = {
    '8PSK,-20': [0.0430979717, [0.0036228725221008062, -0.005677998997271061, 0.001088375342078507, 0.005294641945511103]],
    'QPSK,2': [-0.283301339, [0.0036503279116004705, -0.007156668696552515, 0.003778384067118168, 0.0006870582583360374]],
    'WBFM,18': [-4.3366744, [-0.006031649652868509, -0.0060815876349806786, -0.005933597683906555, -0.0061921183951199055]],
  };
  const expectedB: Record<string, [number, number[]]> = {
    '8PSK,-20': [0.117045369, expectedA['8PSK,-20'][1]],
    'QPSK,2': [-0.0221575644, expectedA['QPSK,2'][1]],
    'WBFM,18': [-2.81237235, expectedA['WBFM,18'][1]],
  };
  const cases = [
    ['rml2016a_n4_p0.pkl', 0, 880, 220, 'RML2016.10a', expectedA],
    ['rml2016a_n4_p2.pkl', 2, 880, 220, 'RML2016.10a', expectedA],
    ['rml2016a_n4_p4.pkl', 4, 880, 220, 'RML2016.10a', expectedA],
    ['rml2016b_n2_p0.dat', 0, 400, 200, 'RML2016.10b', expectedB],
  ] as const;

  for (const [name, protocol, vectors, keys, variant, expected] of cases) {
    it(`${name}: counts, sums and first values of the README`, async () => {
      // A project of its own: the three 2016a pickles hold the same samples, and one project
      // hands back the first one's dataset (tested below).
      const own = openProject(join(dir, `${name}.amrproj`), { create: true });
      try {
        const { dataset, reused } = await importFile(own, join(fixtures, name));
        expect(reused).toBe(false);
        expect(dataset.count).toBe(vectors);
        expect(dataset.params.protocol).toBe(protocol);
        expect(dataset.params.keys).toHaveLength(keys);
        expect(dataset.params.variant).toBe(variant);
        for (const [key, [keySum, first]] of Object.entries(expected)) {
          const [mod, snr] = key.split(',');
          const s = own.loadSamples({ datasetId: dataset.id, classes: [dataset.classes.indexOf(mod)], snrMin: Number(snr), snrMax: Number(snr) });
          expect(sum(s.x)).toBeCloseTo(keySum, 6);
          expect([...s.x.subarray(0, 4)]).toEqual(first);
        }
      } finally {
        own.close();
      }
    });
  }

  it('the same samples pickled with protocols 0, 2 and 4 are one dataset in one project', async () => {
    const first = await importFile(store, join(fixtures, 'rml2016a_n4_p0.pkl'));
    for (const name of ['rml2016a_n4_p2.pkl', 'rml2016a_n4_p4.pkl']) {
      const again = await importFile(store, join(fixtures, name));
      expect(again.reused).toBe(true);
      expect(again.dataset.id).toBe(first.dataset.id);
      expect(again.warnings.join(' ')).toContain('the same decoded samples');
    }
  });
});
