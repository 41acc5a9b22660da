// The Training page's augmentation section: partner choice (or RF alone), the mixing operator and
// its parameters, the RF augmentations, and how much of each batch is replaced.
import { rfOpNames, type RfOpName } from '../../../../shared/augment.ts';
import type { AugmentChoice } from './augment-choice.ts';

const methodLabels: [AugmentChoice['method'], string][] = [
  ['none', 'none'],
  ['rm', 'RM — random partner'],
  ['msm', 'MSM — most similar partner (DTW)'],
  ['theta', 'θ-SM — first partner under θ'],
  ['nrm', 'n-RM — n random partners'],
  ['rf', 'RF augmentations only'],
];

export function AugmentFields({ value, onChange }: { value: AugmentChoice; onChange: (c: AugmentChoice) => void }) {
  const set = <K extends keyof AugmentChoice>(key: K, v: AugmentChoice[K]) => onChange({ ...value, [key]: v });
  const num = (key: keyof AugmentChoice) => (e: { target: { value: string } }) => set(key, Number(e.target.value) as never);
  const mixing = value.method !== 'none' && value.method !== 'rf';
  const toggleOp = (op: RfOpName, on: boolean) => set('rfOps', on ? rfOpNames.filter((o) => o === op || value.rfOps.includes(o)) : value.rfOps.filter((o) => o !== op));
  return (
    <fieldset className="augment-fields" aria-label="Augmentation">
      <legend>Augmentation</legend>
      <label>
        Method
        <select name="augment-method" value={value.method} onChange={(e) => set('method', e.target.value as AugmentChoice['method'])}>
          {methodLabels.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {mixing && (
        <>
          <label>
            Operator
            <select name="augment-operator" value={value.operator} onChange={(e) => set('operator', e.target.value as AugmentChoice['operator'])}>
              <option value="exchange">segment exchange</option>
              <option value="blend">linear blend</option>
            </select>
          </label>
          {value.operator === 'exchange' ? (
            <label title="Share of the length the two signals swap, at the same start in both">
              Segment
              <input name="augment-proportion" type="number" min={0.05} max={1} step={0.05} value={value.proportion} onChange={num('proportion')} />
            </label>
          ) : (
            <label title="λ ~ Beta(β, β) in λ·a + (1 − λ)·b">
              β
              <input name="augment-beta" type="number" min={0.05} max={100} step="any" value={value.beta} onChange={num('beta')} />
            </label>
          )}
          {(value.method === 'msm' || value.method === 'theta') && (
            <label title="Sakoe–Chiba band radius, as a fraction of the compared length">
              DTW band
              <input name="augment-band" type="number" min={0} max={1} step={0.05} value={value.band} onChange={num('band')} />
            </label>
          )}
          {value.method === 'msm' && (
            <label title="Random same-class candidates searched with DTW">
              Pool
              <input name="augment-pool" type="number" min={1} max={4096} value={value.pool} onChange={num('pool')} />
            </label>
          )}
          {value.method === 'theta' && (
            <>
              <label title="Accept a partner whose DTW distance is below θ × the energy of both segments">
                θ
                <input name="augment-theta" type="number" min={0.01} max={10} step="any" value={value.theta} onChange={num('theta')} />
              </label>
              <label title="Partners drawn before taking the most alike seen">
                Patience
                <input name="augment-patience" type="number" min={1} max={1000} value={value.patience} onChange={num('patience')} />
              </label>
            </>
          )}
          {value.method === 'nrm' && (
            <label title="Exchanges from distinct random partners into one signal">
              n
              <input name="augment-times" type="number" min={1} max={64} value={value.times} onChange={num('times')} />
            </label>
          )}
          <label className="inline">
            <input name="augment-same-snr" type="checkbox" checked={value.sameSnr} onChange={(e) => set('sameSnr', e.target.checked)} />
            partners of the same SNR
          </label>
        </>
      )}
      {value.method !== 'none' && (
        <>
          <span className="rf-ops" role="group" aria-label="RF augmentations">
            RF:
            {rfOpNames.map((op) => (
              <label key={op} className="inline">
                <input type="checkbox" name={`augment-rf-${op}`} checked={value.rfOps.includes(op)} onChange={(e) => toggleOp(op, e.target.checked)} />
                {op}
              </label>
            ))}
          </span>
          <label title="Share of each training batch replaced by fresh augmented signals, every epoch">
            Rate
            <input name="augment-probability" type="number" min={0} max={1} step={0.05} value={value.probability} onChange={num('probability')} />
          </label>
        </>
      )}
    </fieldset>
  );
}
