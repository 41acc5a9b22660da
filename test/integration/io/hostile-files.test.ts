// Hostile files against the importers, each run in a child process: every one is refused with a
// clear error naming the file, within 5 s and 300 MB of memory growth, and leaves the project as it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProjectFile } from '../../helpers/project-file.ts';
import { hostileDir, importHostile, type HostileOutcome } from '../../helpers/hostile-imports.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const maxMs = 5000;
const maxGrowthMB = 300;

/** file → [error code, a phrase the message must hold] */
type Expectations = Record<string, [string, RegExp]>;

const refused: Record<string, Expectations> = {
  pickle: {
    'pickle-memo-key-bomb.pkl': ['BAD_FILE', /dict key or set item longer than 1024 characters/],
    'pickle-describe-bomb.pkl': ['BAD_FILE', /expected a \(modulation, snr\) tuple/],
    'pickle-error-bomb.pkl': ['BAD_FILE', /APPEND needs a list/],
    'pickle-long4.pkl': ['BAD_FILE', /.+/],
    'pickle-binbytes8-claim.pkl': ['BAD_FILE', /truncated/],
  },
  sigmf: {
    'sigmf-pax-size-1e15.sigmf': ['BAD_FILE', /declares 1000000000000000 bytes \(pax size/],
    'sigmf-pax-size-negative.sigmf': ['BAD_FILE', /invalid pax size '-1024'/],
    'sigmf-overlapping-annotations.sigmf': ['VALIDATION', /would store 3276800 bytes from 4096 recorded bytes, 800× .* more than the allowed 64×; raise --max-expansion/],
  },
  numpy: {
    'npy-header-claims-2gb.npy': ['BAD_FILE', /declares 2147483648 data bytes/],
    'npz-header-claims-2gb.npz': ['BAD_FILE', /declares 2147483648 data bytes/],
    'npz-fuzz-class-name-beyond-unicode.npz': ['BAD_FILE', /classes\.npy: string 0 holds 603979856, beyond the last Unicode code point/],
  },
  hdf5Declared: {
    'hdf5-declares-2e8-frames.h5': ['BAD_FILE', /'X' declares shape \(200000000, 1024, 2\), 1638400000000 bytes, more than a 999-byte file holds$/],
    'hdf5-declares-1e9-frames.h5': ['BAD_FILE', /'X' declares shape \(1000000000, 1024, 2\)/],
  },
  hdf5OtherFiles: {
    'hdf5-external-link.h5': ['BAD_FILE', /'X' is an external link to hdf5-y-nan\.h5; links to other files are refused/],
    'hdf5-external-storage.h5': ['BAD_FILE', /stored in another file \(.*hdf5-external-storage\.raw\); external storage is refused/],
    'hdf5-virtual-dataset.h5': ['BAD_FILE', /'X' is a virtual dataset over \/etc\/hostname; virtual datasets are refused/],
  },
  hdf5Labels: {
    'hdf5-y-all-zero.h5': ['BAD_FILE', /Y should be one-hot \(a single 1, the rest 0\); 1 rows do not: row 2 \(all zero\)/],
    'hdf5-y-multi-hot.h5': ['BAD_FILE', /Y should be one-hot.*row 1 \(1 in columns 1 and 7\)/],
    'hdf5-y-nan.h5': ['BAD_FILE', /Y should be one-hot.*row 4 \(NaN in column 0\)/],
    'hdf5-z-nan.h5': ['BAD_FILE', /Z should hold finite SNRs in dB; 1 rows do not: row 3 \(NaN\)/],
    'hdf5-x-non-finite.h5': ['BAD_FILE', /X should hold finite samples; 2 rows do not: row 1 \(Infinity\), row 4 \(NaN\)/],
  },
};
const accepted = ['hdf5-z-fraction.h5'];

// One child imports every file (loading the HDF5 library takes it seconds); each test reads its group.
const project = join(dir, 'hostile.amrproj');
let run: Awaited<ReturnType<typeof importHostile>>;
beforeAll(async () => {
  const files = [...Object.values(refused).flatMap((group) => Object.keys(group)), ...accepted];
  run = await importHostile(project, files.map((f) => join(hostileDir, f)), 240_000);
}, 250_000);

function outcome(name: string): HostileOutcome {
  const found = run.outcomes.find((o) => o.file === join(hostileDir, name));
  if (!found) throw new Error(`${name}: no outcome (child exit ${run.exit})`);
  return found;
}

function expectRefused(expected: Expectations): void {
  expect(run.exit).toBe('0');
  for (const o of Object.keys(expected).map(outcome)) {
    const [code, phrase] = expected[o.file.slice(hostileDir.length + 1)];
    expect({ file: o.file, ok: o.ok, code: o.code }).toEqual({ file: o.file, ok: false, code });
    expect(o.message).toContain(o.file);
    expect(o.message).toMatch(phrase);
    expect(o.message!.length).toBeLessThan(2100);
    expect(o.ms).toBeLessThan(maxMs);
    expect(o.growthMB).toBeLessThan(maxGrowthMB);
    expect(o.unchanged).toBe(true);
  }
}

describe('hostile files', () => {
  it('pickles: memo tuple bombs as keys and in messages, a huge LONG4, a BINBYTES8 claim', () => expectRefused(refused.pickle));
  it('SigMF archives: pax size 1e15, a negative pax size, 400 overlapping annotations', () => expectRefused(refused.sigmf));
  it('NumPy: an .npy and an .npz member whose header claims 2 GiB, class names beyond Unicode', () => expectRefused(refused.numpy));
  it('HDF5: 2·10⁸ and 10⁹ declared frames whose chunks were never written', () => expectRefused(refused.hdf5Declared));
  it('HDF5: an external link, external raw storage and a virtual dataset pull in no other file', () => expectRefused(refused.hdf5OtherFiles));
  it('HDF5: labels that are not one class, SNRs that are not finite, samples that are not finite', () => expectRefused(refused.hdf5Labels));

  it('HDF5: a fractional SNR is kept as it is, not cut to an integer', () => {
    expect(outcome('hdf5-z-fraction.h5')).toMatchObject({ ok: true, unchanged: false });
    const snrs = readProjectFile(project, (db) => db.prepare('SELECT snr FROM samples ORDER BY idx').pluck().all());
    expect(snrs).toEqual([-10, 0, 10, 20, 0, 2.700000047683716]);
  });
});
