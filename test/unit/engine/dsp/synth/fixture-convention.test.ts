// Cross-check against the reference generator's output, where that fixture exists: RML2016
// vectors are divided by Σ|x[n]|, and ours follow the same convention.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { synthesizeKey } from '../../../../../src/main/engine/dsp/synth/generate.ts';
import { sharedPath } from '../../../../helpers/shared-folder.ts';

const fixture = sharedPath('fixtures/rml2016a_n4_p4.pkl');
const python = '/usr/bin/python3';

describe.skipIf(!existsSync(fixture) || !existsSync(python))('RML2016 reference fixture', () => {
  it('has Σ|x| = 1 per vector, as the generator writes', () => {
    const script = `
import pickle, numpy as np, json
d = pickle.load(open(${JSON.stringify(fixture)}, 'rb'), encoding='latin1')
z = np.concatenate([v[:, 0, :] + 1j * v[:, 1, :] for v in d.values()])
s = np.abs(z).sum(axis=1)
print(json.dumps([float(s.min()), float(s.max()), int(z.shape[1])]))`;
    const [lo, hi, length] = JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8' })) as [number, number, number];
    expect(length).toBe(128);
    expect(lo).toBeGreaterThan(0.9999);
    expect(hi).toBeLessThan(1.0001);
    const ours = synthesizeKey({ preset: 'rml2016', snrs: [0], perKey: 4, length: 128, seed: 1 }, 'QPSK', 0);
    for (let k = 0; k < 4; k++) {
      let sum = 0;
      for (let n = 0; n < 128; n++) sum += Math.hypot(ours[k * 256 + n], ours[k * 256 + 128 + n]);
      expect(sum).toBeGreaterThan(0.9999);
      expect(sum).toBeLessThan(1.0001);
    }
  });
});
