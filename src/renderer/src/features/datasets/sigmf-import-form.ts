// The import form's SigMF options as typed, and the importer options they make: blank numbers are
// left out (the importer's default, or no resampling), numbers go as typed so the importer's own
// validation names a bad one.
import { sigmfBurstDefaults, type OverlapPolicy } from '../../../../shared/sigmf-import-options.ts';

export interface SigmfForm {
  baseband: boolean;
  lowpass: boolean;
  samplesPerSymbol: string;
  symbolRate: string;
  rolloff: string;
  overlap: OverlapPolicy;
  estimateSnr: boolean;
  snrStep: string;
}

export const initialSigmfForm: SigmfForm = {
  baseband: sigmfBurstDefaults.baseband,
  lowpass: sigmfBurstDefaults.lowpass,
  samplesPerSymbol: '',
  symbolRate: '',
  rolloff: String(sigmfBurstDefaults.rolloff),
  overlap: sigmfBurstDefaults.overlap,
  estimateSnr: sigmfBurstDefaults.estimateSnr,
  snrStep: String(sigmfBurstDefaults.snrStep),
};

export function sigmfImportOptions(form: SigmfForm): Record<string, unknown> {
  const options: Record<string, unknown> = { baseband: form.baseband, lowpass: form.lowpass, overlap: form.overlap, estimateSnr: form.estimateSnr };
  for (const name of ['samplesPerSymbol', 'symbolRate', 'rolloff', 'snrStep'] as const) {
    const text = form[name].trim();
    if (text) options[name] = text;
  }
  return options;
}
