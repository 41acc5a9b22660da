import type { DatasetSummary, SplitName } from '../../../../shared/dto.ts';

export interface Filter {
  classIndex: number | null;
  snrMin: number | null;
  snrMax: number | null;
  split: SplitName | null;
}

export const noFilter: Filter = { classIndex: null, snrMin: null, snrMax: null, split: null };

const splits: SplitName[] = ['train', 'val', 'test', 'unassigned'];

function parseSnr(v: string): number | null {
  if (v.trim() === '') return null;
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? n : null;
}

export function SampleFilters({ dataset, filter, onChange }: { dataset: DatasetSummary; filter: Filter; onChange: (f: Filter) => void }) {
  return (
    <fieldset className="filters">
      <legend>Filter samples</legend>
      <label>
        Class
        <select
          name="filter-class"
          value={filter.classIndex ?? ''}
          onChange={(e) => onChange({ ...filter, classIndex: e.target.value === '' ? null : Number(e.target.value) })}
        >
          <option value="">all</option>
          {dataset.classes.map((c, i) => (
            <option key={c} value={i}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        SNR from
        <input name="filter-snr-min" type="number" step={1} value={filter.snrMin ?? ''} onChange={(e) => onChange({ ...filter, snrMin: parseSnr(e.target.value) })} />
      </label>
      <label>
        to
        <input name="filter-snr-max" type="number" step={1} value={filter.snrMax ?? ''} onChange={(e) => onChange({ ...filter, snrMax: parseSnr(e.target.value) })} />
        dB
      </label>
      <label>
        Split
        <select
          name="filter-split"
          value={filter.split ?? ''}
          onChange={(e) => onChange({ ...filter, split: e.target.value === '' ? null : (e.target.value as SplitName) })}
        >
          <option value="">all</option>
          {splits.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
