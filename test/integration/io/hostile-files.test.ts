// Hostile files against the importers, each run in a child process: every one is refused with a
// clear error naming the file, within 5 s and 300 MB, and leaves the project as it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostileDir, importHostile } from '../../helpers/hostile-imports.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const maxMs = 5000;
const maxPeakMB = 300;

/** file → [error code, a phrase the message must hold] */
type Expectations = Record<string, [string, RegExp]>;

async function expectRefused(group: string, expected: Expectations): Promise<void> {
  const files = Object.keys(expected).map((f) => join(hostileDir, f));
  const { outcomes, exit } = await importHostile(join(dir, `${group}.amrproj`), files, 60_000);
  expect(exit).toBe('0');
  expect(outcomes.map((o) => o.file)).toEqual(files);
  for (const o of outcomes) {
    const [code, phrase] = expected[o.file.slice(hostileDir.length + 1)];
    expect({ file: o.file, ok: o.ok, code: o.code }).toEqual({ file: o.file, ok: false, code });
    expect(o.message).toContain(o.file);
    expect(o.message).toMatch(phrase);
    expect(o.message!.length).toBeLessThan(2100);
    expect(o.ms).toBeLessThan(maxMs);
    expect(o.peakMB).toBeLessThan(maxPeakMB);
    expect(o.unchanged).toBe(true);
  }
}

describe('hostile files', () => {
  it('pickles: memo tuple bombs as keys and in messages, a huge LONG4, a BINBYTES8 claim', async () => {
    await expectRefused('pickle', {
      'pickle-memo-key-bomb.pkl': ['BAD_FILE', /dict key or set item longer than 1024 characters/],
      'pickle-describe-bomb.pkl': ['BAD_FILE', /expected a \(modulation, snr\) tuple/],
      'pickle-error-bomb.pkl': ['BAD_FILE', /APPEND needs a list/],
      'pickle-long4.pkl': ['BAD_FILE', /.+/],
      'pickle-binbytes8-claim.pkl': ['BAD_FILE', /truncated/],
    });
  }, 90_000);

  it('SigMF archives: pax size 1e15 and a negative pax size', async () => {
    await expectRefused('sigmf', {
      'sigmf-pax-size-1e15.sigmf': ['BAD_FILE', /declares 1000000000000000 bytes \(pax size/],
      'sigmf-pax-size-negative.sigmf': ['BAD_FILE', /invalid pax size '-1024'/],
    });
  }, 90_000);

  it('NumPy: an .npy and an .npz member whose header claims 2 GiB', async () => {
    await expectRefused('numpy', {
      'npy-header-claims-2gb.npy': ['BAD_FILE', /declares 2147483648 data bytes/],
      'npz-header-claims-2gb.npz': ['BAD_FILE', /declares 2147483648 data bytes/],
    });
  }, 90_000);
});
