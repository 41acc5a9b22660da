// Writes small SigMF recordings for the tests: ci16_le samples whose I is the sample index and
// whose Q is its negative, so every decoded value can be checked against where it came from.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const recordingSamples = 3000;

export function recordingBytes(samples = recordingSamples, headerBytes = 0): Buffer {
  const buf = Buffer.alloc(headerBytes + samples * 4, 0x7f);
  for (let s = 0; s < samples; s++) {
    buf.writeInt16LE(s, headerBytes + 4 * s);
    buf.writeInt16LE(-s, headerBytes + 4 * s + 2);
  }
  return buf;
}

export function recordingMeta(overrides: { datatype?: string; headerBytes?: number } = {}): Record<string, unknown> {
  return {
    global: { 'core:datatype': overrides.datatype ?? 'ci16_le', 'core:sample_rate': 1e6, 'core:version': '1.0.0' },
    captures: [
      { 'core:sample_start': 0, 'core:frequency': 2.4e9, ...(overrides.headerBytes ? { 'core:header_bytes': overrides.headerBytes } : {}) },
      { 'core:sample_start': 1500, 'core:frequency': 2.5e9 },
    ],
    annotations: [
      { 'core:sample_start': 100, 'core:sample_count': 600, 'core:label': 'BPSK', 'core:comment': 'first burst' },
      { 'core:sample_start': 1000, 'core:sample_count': 256, 'core:label': 'QPSK' },
      { 'core:sample_start': 2000, 'core:sample_count': 500, 'core:comment': 'unknown emitter' },
      { 'core:sample_start': 2600, 'core:sample_count': 50, 'core:label': 'FM' },
    ],
  };
}

/** Write name.sigmf-meta + name.sigmf-data into dir; returns the meta path. */
export function writeRecording(dir: string, name: string, meta = recordingMeta(), data = recordingBytes()): string {
  const metaPath = join(dir, `${name}.sigmf-meta`);
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  writeFileSync(join(dir, `${name}.sigmf-data`), data);
  return metaPath;
}
