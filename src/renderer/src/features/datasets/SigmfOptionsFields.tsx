// The SigMF burst options of the import form, shown when the chosen file is a SigMF recording.
import { overlapPolicies, type OverlapPolicy } from '../../../../shared/sigmf-import-options.ts';
import type { SigmfForm } from './sigmf-import-form.ts';

const overlapLabels: Record<OverlapPolicy, string> = {
  keep: 'keep under every label (warned)',
  skip: 'skip overlapping windows',
  stronger: 'keep for the stronger signal',
};

export function SigmfOptionsFields({ form, onChange, disabled }: { form: SigmfForm; onChange: (form: SigmfForm) => void; disabled: boolean }) {
  const set = <K extends keyof SigmfForm>(name: K, value: SigmfForm[K]) => onChange({ ...form, [name]: value });
  const number = (name: 'samplesPerSymbol' | 'symbolRate' | 'rolloff' | 'snrStep', label: string, title: string, placeholder = '') => (
    <label title={title}>
      {label}
      <input name={`sigmf-${name}`} type="number" step="any" min={0} value={form[name]} placeholder={placeholder} disabled={disabled} onChange={(e) => set(name, e.target.value)} />
    </label>
  );
  return (
    <fieldset className="import-options" data-testid="sigmf-options" disabled={disabled}>
      <legend>SigMF options</legend>
      <label title="move each burst with annotated frequency edges to 0 Hz (needs the sample rate)">
        <input name="sigmf-baseband" type="checkbox" checked={form.baseband} onChange={(e) => set('baseband', e.target.checked)} />
        shift bursts to baseband
      </label>
      <label title="low-pass each burst to its annotated band">
        <input name="sigmf-lowpass" type="checkbox" checked={form.lowpass} onChange={(e) => set('lowpass', e.target.checked)} />
        low-pass to the band
      </label>
      {number('samplesPerSymbol', 'Samples/symbol', 'resample each burst to this many samples per symbol; blank keeps the recorded rate', 'as recorded')}
      {number('symbolRate', 'Symbol rate (Bd)', 'symbol rate for samples/symbol; blank takes the annotated bandwidth / (1 + roll-off)', 'from bandwidth')}
      {number('rolloff', 'Roll-off', 'roll-off used to derive the symbol rate from the annotated bandwidth')}
      <label title="windows where annotations overlap in time (and band)">
        Overlaps
        <select name="sigmf-overlap" value={form.overlap} onChange={(e) => set('overlap', e.target.value as OverlapPolicy)}>
          {overlapPolicies.map((p) => (
            <option key={p} value={p}>
              {overlapLabels[p]}
            </option>
          ))}
        </select>
      </label>
      <label title="estimate each labelled window's SNR blindly when none is recorded, so the class × SNR views fill">
        <input name="sigmf-estimateSnr" type="checkbox" checked={form.estimateSnr} onChange={(e) => set('estimateSnr', e.target.checked)} />
        estimate SNR
      </label>
      {number('snrStep', 'SNR step (dB)', 'estimated SNRs are rounded to this many dB')}
    </fieldset>
  );
}
