// Test data for the store: seeded floats with a known class × SNR layout.
import Database from 'better-sqlite3';
import type { ProjectStore } from '../../../../src/main/engine/store/project.ts';
import { createRng } from '../../../../src/main/engine/base/random.ts';
import type { DatasetInfo, SampleMeta } from '../../../../src/main/engine/store/types.ts';

export interface Written {
  info: DatasetInfo;
  x: Float32Array;
  meta: SampleMeta[];
}

export interface SyntheticOptions {
  name?: string;
  classes?: string[];
  snrs?: number[];
  perGroup?: number;
  length?: number;
  seed?: number;
  appendBatch?: number;
}

/** Writes classes × snrs × perGroup samples, interleaved, and returns what was written. */
export function writeSynthetic(store: ProjectStore, options: SyntheticOptions = {}): Written {
  const { name = 'synthetic', classes = ['BPSK', 'QPSK', 'QAM16'], snrs = [-10, 0, 10], perGroup = 20, length = 128, seed = 1, appendBatch = 37 } = options;
  const randomRng = createRng(seed);
  const random = () => randomRng.next();
  const n = classes.length * snrs.length * perGroup;
  const x = new Float32Array(n * 2 * length);
  for (let i = 0; i < x.length; i++) x[i] = random() * 2 - 1;
  const writer = store.beginDataset({ name, kind: 'generated', format: 'synthetic', sourcePath: null, sourceHash: `hash-${name}-${seed}`, length, params: { seed } });
  const classIdx = classes.map((c) => writer.classIndex(c));
  const meta: SampleMeta[] = [];
  for (let i = 0; i < n; i++) meta.push({ classIndex: classIdx[i % classes.length]!, snr: snrs[Math.floor(i / classes.length) % snrs.length]!, sourceOffset: 1000 + i });
  for (let start = 0; start < n; start += appendBatch) {
    const end = Math.min(n, start + appendBatch);
    writer.append(x.subarray(start * 2 * length, end * 2 * length), meta.slice(start, end));
  }
  return { info: writer.commit(), x, meta };
}

/**
 * Copies every dataset of `from` (today's schema) into `to`, an older file: today's writer needs
 * today's schema, so older files get their rows this way (the columns both schemas have).
 */
export function copyDatasetsInto(from: string, to: string): void {
  const db = new Database(to);
  try {
    db.prepare('ATTACH DATABASE ? AS source').run(from);
    db.transaction(() => {
      for (const table of ['datasets', 'classes', 'chunks', 'samples']) {
        const present = new Set((db.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
        const columns = (db.prepare(`PRAGMA source.table_info(${table})`).all() as { name: string }[]).map((c) => c.name).filter((c) => present.has(c));
        db.exec(`INSERT INTO main.${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM source.${table}`);
      }
    })();
    db.exec('DETACH DATABASE source');
  } finally {
    db.close();
  }
}
