// A DatasetWriter that keeps everything in memory, for parser tests that need no project file.
import type { DatasetInfo, DatasetWriter, SampleMeta } from '../../src/main/engine/store/types.ts';

export interface CollectingWriter extends DatasetWriter {
  classes: string[];
  /** per "MOD,SNR": the samples appended, concatenated */
  data: Map<string, Float32Array[]>;
  metas: SampleMeta[];
}

export function collectingWriter(): CollectingWriter {
  const classes: string[] = [];
  const data = new Map<string, Float32Array[]>();
  const metas: SampleMeta[] = [];
  return {
    classes,
    data,
    metas,
    classIndex(name: string) {
      const i = classes.indexOf(name);
      return i >= 0 ? i : classes.push(name) - 1;
    },
    append(values: Float32Array, meta: SampleMeta[]) {
      const key = `${classes[meta[0].classIndex]},${meta[0].snr}`;
      data.set(key, [...(data.get(key) ?? []), values.slice()]);
      metas.push(...meta);
    },
    get count() {
      return metas.length;
    },
    commit(): DatasetInfo {
      throw new Error('collecting writer: commit is not used in parser tests');
    },
    abort() {},
  };
}

export function sumOf(parts: Float32Array[] | undefined): number {
  let s = 0;
  for (const p of parts ?? []) for (const v of p) s += v;
  return s;
}
