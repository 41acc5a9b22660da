// The trained AVGNets as options of a model picker.
import type { ModelSummary } from '../../../../shared/dto.ts';

export function AvgnetModelOptions({ models }: { models: ModelSummary[] }) {
  return (
    <>
      {models.map((m) => (
        <option key={m.id} value={m.id}>
          #{m.id} {m.name}
        </option>
      ))}
    </>
  );
}
