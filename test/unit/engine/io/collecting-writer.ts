// A DatasetWriter that keeps everything in memory, so importers can be tested without a store.
import type { DatasetInfo, DatasetWriter, RecordingDraft, SampleMeta } from '../../../../src/main/engine/store/types.ts';

export interface CollectedAnnotation {
  id: number;
  sampleStart: number;
  sampleCount: number;
  label: string | null;
  extra?: Record<string, unknown>;
  recordingId?: number | null;
}

export class CollectingWriter implements DatasetWriter {
  readonly classes: string[] = [];
  readonly chunks: Float32Array[] = [];
  readonly meta: SampleMeta[] = [];
  readonly annotations: CollectedAnnotation[] = [];
  readonly recordings: RecordingDraft[] = [];
  committed = false;
  aborted = false;

  constructor(readonly length: number) {}

  classIndex(name: string): number {
    const at = this.classes.indexOf(name);
    if (at >= 0) return at;
    this.classes.push(name);
    return this.classes.length - 1;
  }

  append(data: Float32Array, meta: SampleMeta[]): void {
    if (data.length !== meta.length * 2 * this.length) {
      throw new Error(`append: ${data.length} values for ${meta.length} samples of length ${this.length}`);
    }
    this.chunks.push(data.slice());
    this.meta.push(...meta);
  }

  addRecording(r: RecordingDraft): number {
    this.recordings.push(r);
    return this.recordings.length;
  }

  addAnnotation(a: Omit<CollectedAnnotation, 'id'>): number {
    const id = this.annotations.length + 1;
    this.annotations.push({ id, ...a });
    return id;
  }

  get count(): number {
    return this.meta.length;
  }

  /** All samples as one [n][2][L] array. */
  data(): Float32Array {
    const out = new Float32Array(this.count * 2 * this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  commit(): DatasetInfo {
    this.committed = true;
    throw new Error('CollectingWriter cannot commit');
  }

  abort(): void {
    this.aborted = true;
  }
}
