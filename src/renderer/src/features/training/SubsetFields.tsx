// Which part of the dataset to train on: an SNR range and classes (for every split), and at most
// N training signals per class × SNR, drawn with the training seed.
import type { DatasetSummary } from '../../../../shared/dto.ts';

export interface SubsetChoice {
  snrMin: number | null;
  snrMax: number | null;
  /** class indexes; empty = all */
  classes: number[];
  /** null = all */
  perCell: number | null;
}

export const emptySubset: SubsetChoice = { snrMin: null, snrMax: null, classes: [], perCell: null };

export function subsetOfChoice(c: SubsetChoice): { snrMin?: number; snrMax?: number; classes?: number[]; perCell?: number } | undefined {
  const subset = {
    ...(c.snrMin !== null ? { snrMin: c.snrMin } : {}),
    ...(c.snrMax !== null ? { snrMax: c.snrMax } : {}),
    ...(c.classes.length > 0 ? { classes: c.classes } : {}),
    ...(c.perCell !== null ? { perCell: c.perCell } : {}),
  };
  return Object.keys(subset).length > 0 ? subset : undefined;
}

export function SubsetFields({ dataset, value, onChange }: { dataset: DatasetSummary | undefined; value: SubsetChoice; onChange: (c: SubsetChoice) => void }) {
  const snrs = dataset?.snrs ?? [];
  const snrSelect = (key: 'snrMin' | 'snrMax', label: string) => (
    <label>
      {label}
      <select name={`subset-${key}`} value={value[key] ?? ''} onChange={(e) => onChange({ ...value, [key]: e.target.value === '' ? null : Number(e.target.value) })}>
        <option value="">any</option>
        {snrs.map((s) => (
          <option key={s} value={s}>
            {s} dB
          </option>
        ))}
      </select>
    </label>
  );
  const toggle = (c: number, on: boolean) => onChange({ ...value, classes: on ? [...value.classes, c].sort((a, b) => a - b) : value.classes.filter((k) => k !== c) });
  return (
    <fieldset className="subset-fields" aria-label="Training subset">
      <legend>Subset</legend>
      {snrSelect('snrMin', 'SNR from')}
      {snrSelect('snrMax', 'to')}
      <span className="class-picks" role="group" aria-label="Classes (none ticked: all)">
        Classes:
        {(dataset?.classes ?? []).map((name, c) => (
          <label key={name} className="inline">
            <input type="checkbox" name={`subset-class-${name}`} checked={value.classes.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
            {name}
          </label>
        ))}
      </span>
      <label title="At most this many training signals of each class × SNR, drawn with the seed">
        Per cell
        <input name="subset-per-cell" type="number" min={1} placeholder="all" value={value.perCell ?? ''} onChange={(e) => onChange({ ...value, perCell: e.target.value === '' ? null : Math.max(1, Math.floor(Number(e.target.value))) })} />
      </label>
    </fieldset>
  );
}
