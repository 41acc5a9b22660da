// Evaluate a set: N fresh networks per architecture trained on it alone, tested on the real test split.
import { useEffect, useState, type FormEvent } from 'react';
import type { DatasetSummary, ModelArchitecture } from '../../../../shared/dto.ts';
import { DatasetSelect } from '../../app/DatasetSelect.tsx';

export interface EvaluateRequest {
  datasetId: number;
  models: string[];
  runs: number;
  epochs: number;
  /** 'iq': each training signal randomly phase-rotated, shifted and scaled per batch */
  augment: 'iq' | 'none';
}

export function EvaluateForm({ datasets, architectures, selected, busy, onStart }: { datasets: DatasetSummary[]; architectures: ModelArchitecture[]; selected: number | null; busy: boolean; onStart: (r: EvaluateRequest) => void }) {
  const [datasetId, setDatasetId] = useState<number | null>(selected);
  const [models, setModels] = useState<string[]>(['convnet']);
  const [runs, setRuns] = useState(3);
  const [epochs, setEpochs] = useState(300);
  const [augment, setAugment] = useState(true);
  useEffect(() => {
    if (selected !== null) setDatasetId(selected);
  }, [selected]);
  const toggle = (id: string) => setModels((m) => (m.includes(id) ? m.filter((x) => x !== id) : [...m, id]));
  const valid = datasetId !== null && models.length > 0 && runs >= 1 && epochs >= 1;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid && datasetId !== null) onStart({ datasetId, models, runs, epochs, augment: augment ? 'iq' : 'none' });
  };
  return (
    <form className="train-form" onSubmit={submit} aria-label="Evaluation settings">
      <DatasetSelect
        label="Set"
        title="a distilled set, or a real dataset for the whole-training-set upper bound"
        name="eval-dataset"
        datasets={datasets}
        value={datasetId}
        onChange={setDatasetId}
        suffix={(d) => (d.kind === 'distilled' ? '' : ' (whole train split)')}
      />
      <fieldset className="row" aria-label="Architectures">
        {architectures.map((a) => (
          <label key={a.id} className="check">
            <input type="checkbox" name={`eval-model-${a.id}`} checked={models.includes(a.id)} onChange={() => toggle(a.id)} />
            {a.id}
          </label>
        ))}
      </fieldset>
      <label>
        Runs
        <input name="eval-runs" type="number" min={1} max={100} value={runs} onChange={(e) => setRuns(Number(e.target.value))} />
      </label>
      <label title="the reference trains 1,000 epochs">
        Epochs
        <input name="eval-epochs" type="number" min={1} value={epochs} onChange={(e) => setEpochs(Number(e.target.value))} />
      </label>
      <label className="check" title="each training signal randomly phase-rotated, time-shifted and scaled per batch, as the reference trains its evaluation networks">
        <input type="checkbox" name="eval-augment" checked={augment} onChange={(e) => setAugment(e.target.checked)} />
        augment training
      </label>
      <button type="submit" disabled={busy || !valid}>
        Evaluate
      </button>
    </form>
  );
}
