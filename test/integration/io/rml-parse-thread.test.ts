// Large RML2016 pickles parse on a thread of their own while this one stores: the project must
// hold exactly what the one-thread import stores, and failures must still name the file.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors.ts';
import { importRmlPickle, type RmlImportOptions } from '../../../src/main/engine/io/rml-pickle.ts';
import { openProject, type ProjectStore } from '../../../src/main/engine/store/project.ts';
import { readProjectFile } from '../../helpers/project-file.ts';
import { python, writePythonPickles, type PythonReference } from '../../helpers/python-pickles.ts';
import { rmlP0Bytes, type RmlEntry } from '../../helpers/rml-p0-writer.ts';

const onThisThread: RmlImportOptions = { parseThreadFromBytes: Infinity };
const onParseThread: RmlImportOptions = { parseThreadFromBytes: 0 };

function python2Layout(): RmlEntry[] {
  let seed = 11;
  return ['QPSK', 'AM-SSB', 'WBFM'].flatMap((modulation, m) =>
    [-6, 12].map((snr, s) => {
      const n = 5 + 3 * m + s;
      const data = new Float32Array(n * 256);
      for (let i = 0; i < data.length; i++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        data[i] = (seed / 2 ** 32 - 0.5) * 0.02;
      }
      return { modulation, snr, data, shape: [n, 2, 128] as [number, number, number] };
    }),
  );
}

/**
 * One array under two keys of a dict built by one DICT opcode (Python's protocol-0 pickle of such
 * a dict, its SETITEMs folded into one DICT): both keys are read before either is stored.
 */
const oneArrayTwoKeys = `
import pickle, pickletools, sys
import numpy as np
a = (np.random.default_rng(5).standard_normal((40, 2, 128)) * 0.01).astype(np.float32)
raw = pickle.dumps({('BPSK', 0): a, ('QPSK', 0): a}, protocol=0)
ops = list(pickletools.genops(raw))
out = bytearray(b'(')
for i, (op, _arg, pos) in enumerate(ops):
    if i < 3 or op.name == 'SETITEM':  # the empty dict's MARK, DICT, PUT; each SETITEM
        continue
    if op.name == 'STOP':
        out += b'd.'
        break
    out += raw[pos:ops[i + 1][2]]
open(sys.argv[1], 'wb').write(bytes(out))
`;

describe('RML2016 import with the parsing thread', () => {
  let dir: string;
  let store: ProjectStore;
  let reference: PythonReference;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amr-rml-thread-'));
    reference = writePythonPickles(dir);
    writeFileSync(join(dir, 'py2.pkl'), rmlP0Bytes(python2Layout()));
    execFileSync(python, ['-c', oneArrayTwoKeys, join(dir, 'dict-shared.pkl')]);
    store = openProject(join(dir, 'p.amrproj'), { create: true });
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function importWith(file: string, opts: RmlImportOptions): Promise<number> {
    const writer = store.beginDataset({ name: `${file} ${opts.parseThreadFromBytes}`, kind: 'imported', format: 'rml-pickle', sourcePath: file, sourceHash: 'test', length: 128, params: {} });
    try {
      await importRmlPickle(file, writer, opts);
      return writer.commit().id;
    } catch (e) {
      writer.abort();
      throw e;
    }
  }

  /** Every stored row of a dataset but its ids: classes, samples, and the chunks' bytes. */
  function storedRows(datasetId: number): string {
    return readProjectFile(store.path, (db) =>
      JSON.stringify([
        db.prepare('SELECT sample_count, snrs, content_hash FROM datasets WHERE id = ?').raw().all(datasetId),
        db.prepare('SELECT idx, name FROM classes WHERE dataset_id = ? ORDER BY idx').raw().all(datasetId),
        db.prepare('SELECT idx, class_idx, snr, split, source_offset, annotation_id, chunk_pos FROM samples WHERE dataset_id = ? ORDER BY idx').raw().all(datasetId),
        (db.prepare('SELECT first_idx, sample_count, data FROM chunks WHERE dataset_id = ? ORDER BY first_idx').raw().all(datasetId) as [number, number, Buffer][]).map(
          ([first, n, data]) => [first, n, data.toString('hex')],
        ),
      ]),
    );
  }

  it('stores exactly what the one-thread import stores, for Python-written pickles of every layout', async () => {
    for (const name of ['p0.pkl', 'p2.pkl', 'py2.pkl', 'dict-shared.pkl']) {
      const file = join(dir, name);
      const threaded = await importWith(file, onParseThread);
      const single = await importWith(file, onThisThread);
      const rows = storedRows(threaded);
      expect(rows).toBe(storedRows(single));
      const vectors = store.getDataset(threaded).count;
      const expected = { 'py2.pkl': python2Layout().reduce((n, e) => n + e.shape[0], 0), 'dict-shared.pkl': 2 * 40 }[name] ?? reference.vectors;
      expect(vectors).toBe(expected);
    }
  });

  it('reports a damaged file by name, with nothing kept', async () => {
    const cut = join(dir, 'cut.pkl');
    copyFileSync(join(dir, 'py2.pkl'), cut);
    truncateSync(cut, statSync(cut).size - 3000);
    const before = store.listDatasets().length;
    const err = await importWith(cut, onParseThread).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_FILE');
    expect((err as AppError).message).toMatch(new RegExp(`^${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: at byte \\d+: truncated`));
    expect(store.listDatasets().length).toBe(before);
  });

  it('stops the parsing thread when the import is cancelled', async () => {
    const controller = new AbortController();
    const err = await importWith(join(dir, 'py2.pkl'), {
      ...onParseThread,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('CANCELLED');
  });
});
