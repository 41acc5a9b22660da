import { describe, expect, it } from 'vitest';
import { sigmfOptionsSchema } from '../../../src/main/engine/io/sigmf.ts';
import { initialSigmfForm, sigmfImportOptions } from '../../../src/renderer/src/features/datasets/sigmf-import-form.ts';
import { isSigmfPath } from '../../../src/shared/sigmf-import-options.ts';

describe('the import form’s SigMF options', () => {
  it('are offered for SigMF files only', () => {
    expect(['a.sigmf-meta', 'b.SIGMF-DATA', '/x/c.sigmf ', 'd.sigmf'].map(isSigmfPath)).toEqual([true, true, true, true]);
    expect(['a.pkl', 'b.hdf5', 'c.sigmf-meta.bak', 'sigmf'].map(isSigmfPath)).toEqual([false, false, false, false]);
  });

  it('left as they open, import exactly as the command line does without options', () => {
    expect(sigmfOptionsSchema.parse(sigmfImportOptions(initialSigmfForm))).toEqual(sigmfOptionsSchema.parse({}));
  });

  it('pass what was set, as the importer reads it, and leave blank numbers out', () => {
    const options = sigmfImportOptions({ ...initialSigmfForm, baseband: false, lowpass: true, samplesPerSymbol: ' 4 ', symbolRate: '125000', rolloff: '', overlap: 'skip', estimateSnr: false, snrStep: '3' });
    expect(options).toEqual({ baseband: false, lowpass: true, samplesPerSymbol: '4', symbolRate: '125000', overlap: 'skip', estimateSnr: false, snrStep: '3' });
    const parsed = sigmfOptionsSchema.parse(options);
    expect(parsed).toMatchObject({ baseband: false, lowpass: true, samplesPerSymbol: 4, symbolRate: 125000, rolloff: 0.35, overlap: 'skip', estimateSnr: false, snrStep: 3 });
  });

  it('let the importer name a number it cannot read', () => {
    expect(() => sigmfOptionsSchema.parse(sigmfImportOptions({ ...initialSigmfForm, snrStep: '-1' }))).toThrow(/snrStep/);
  });
});
