// One dataset chosen from a list, each shown as "#id name" plus what the form needs to add.
import type { DatasetSummary } from '../../../shared/dto.ts';

export function DatasetSelect({
  label,
  name,
  datasets,
  value,
  onChange,
  suffix,
  title,
}: {
  label: string;
  /** a hint shown on hover */
  title?: string;
  name: string;
  datasets: DatasetSummary[];
  value: number | null | undefined;
  onChange: (id: number) => void;
  suffix?: (d: DatasetSummary) => string;
}) {
  return (
    <label title={title}>
      {label}
      <select name={name} value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            #{d.id} {d.name}
            {suffix?.(d) ?? ''}
          </option>
        ))}
      </select>
    </label>
  );
}
