// Pickles written by real Python (Debian /usr/bin/python3 with NumPy) at test time, with the
// reference numbers Python computes from the same dict.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const python = '/usr/bin/python3';

export interface PythonReference {
  /** per key "MOD,SNR": [count, float64 sum, first four I values of vector 0] */
  keys: Record<string, [number, number, number[]]>;
  vectors: number;
}

const script = `
import json, pickle, sys
import numpy as np
out = sys.argv[1]
rng = np.random.default_rng(1234)
d = {}
ref = {}
for mod, counts in (('BPSK', (3, 5)), ('QPSK', (4, 2)), ('AM-SSB', (1, 6))):
    for snr, n in zip((-4, 10), counts):
        a = (rng.standard_normal((n, 2, 128)) * 0.01).astype(np.float32)
        d[(mod, snr)] = a
        ref['%s,%d' % (mod, snr)] = [n, float(a.astype(np.float64).sum()), [float(v) for v in a[0, 0, :4]]]
for proto in (0, 2, 4, 5):
    with open('%s/p%d.pkl' % (out, proto), 'wb') as f:
        pickle.dump(d, f, protocol=proto)
with open('%s/forbidden.pkl' % out, 'wb') as f:
    f.write(b"cos\\nsystem\\n(S'touch %s/marker'\\ntR." % out.encode())
with open('%s/ref.json' % out, 'w') as f:
    json.dump({'keys': ref, 'vectors': sum(v[0] for v in ref.values())}, f)
`;

/** Write p0/p2/p4/p5.pkl, forbidden.pkl (calls os.system) and ref.json into dir. */
export function writePythonPickles(dir: string): PythonReference {
  writeFileSync(join(dir, 'make.py'), script);
  execFileSync(python, [join(dir, 'make.py'), dir]);
  return JSON.parse(execFileSync(python, ['-c', 'import sys; print(open(sys.argv[1]).read())', join(dir, 'ref.json')], { encoding: 'utf8' }));
}
