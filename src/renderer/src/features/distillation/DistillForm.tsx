// One distillation: source dataset, method, ipc, α (MDM), iterations, augmentation, embedder, width, seed.
import { useEffect, useState, type FormEvent } from 'react';
import type { ChannelInput } from '../../../../shared/contract.ts';
import { defaultDistillAugment, distillAugmentNames, distillMethodNames, type DistillAugmentName, type DistillMethodName } from '../../../../shared/distillation.ts';
import type { DatasetSummary, ModelArchitecture } from '../../../../shared/dto.ts';
import { DatasetSelect } from '../../app/DatasetSelect.tsx';

export type DistillRequest = ChannelInput<'startDistill'>;

const matching = (m: DistillMethodName) => m === 'mdm' || m === 'dm';

export function DistillForm({ datasets, architectures, busy, onStart }: { datasets: DatasetSummary[]; architectures: ModelArchitecture[]; busy: boolean; onStart: (r: DistillRequest) => void }) {
  const sources = datasets.filter((d) => d.kind !== 'distilled');
  const [datasetId, setDatasetId] = useState<number | null>(sources[0]?.id ?? null);
  const [method, setMethod] = useState<DistillMethodName>('mdm');
  const [ipc, setIpc] = useState(10);
  const [alpha, setAlpha] = useState(1);
  const [iterations, setIterations] = useState(300);
  const [augment, setAugment] = useState<DistillAugmentName>(defaultDistillAugment('mdm'));
  const [embedder, setEmbedder] = useState('convnet');
  const [width, setWidth] = useState(64);
  const [seed, setSeed] = useState(0);
  useEffect(() => {
    if (datasetId === null && sources[0]) setDatasetId(sources[0].id);
  }, [sources, datasetId]);
  // each matching method starts from its own default augmentation
  const chooseMethod = (m: DistillMethodName) => {
    setMethod(m);
    setAugment(defaultDistillAugment(m));
  };
  const valid = datasetId !== null && ipc >= 1 && iterations >= 1 && alpha >= 0 && width >= 1;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || datasetId === null) return;
    onStart({
      datasetId, method, ipc, seed,
      ...(matching(method) ? { iterations, augment } : {}),
      ...(method === 'mdm' ? { alpha } : {}),
      ...(method === 'random' ? {} : { embedder, ...(embedder === 'convnet' ? { width } : {}) }),
    });
  };

  return (
    <form className="train-form" onSubmit={submit} aria-label="Distillation settings">
      <DatasetSelect label="Source dataset" name="distill-dataset" datasets={sources} value={datasetId} onChange={setDatasetId} />
      <label>
        Method
        <select name="distill-method" value={method} onChange={(e) => chooseMethod(e.target.value as DistillMethodName)}>
          {distillMethodNames.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label>
        Signals per class
        <input name="distill-ipc" type="number" min={1} max={10000} value={ipc} onChange={(e) => setIpc(Number(e.target.value))} />
      </label>
      {method === 'mdm' && (
        <label title="weight of the frequency-domain matching term">
          α
          <input name="distill-alpha" type="number" min={0} step="any" value={alpha} onChange={(e) => setAlpha(Number(e.target.value))} />
        </label>
      )}
      {matching(method) && (
        <label title="the reference runs 20,000 on a GPU; 300 take minutes on a CPU">
          Iterations
          <input name="distill-iterations" type="number" min={1} value={iterations} onChange={(e) => setIterations(Number(e.target.value))} />
        </label>
      )}
      {matching(method) && (
        <label title="orbit (the default for MDM): S matched as the mean of its phase-rotated, time-shifted copies (beats random selection on I/Q when the evaluation augments alike); iq: one shared random transform per iteration">
          Augmentation
          <select name="distill-augment" value={augment} onChange={(e) => setAugment(e.target.value as typeof augment)}>
            {distillAugmentNames.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      )}
      {method !== 'random' && (
        <label>
          Embedder
          <select name="distill-embedder" value={embedder} onChange={(e) => setEmbedder(e.target.value)}>
            {architectures.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {method !== 'random' && embedder === 'convnet' && (
        <label title="filters per convolution; the reference uses 128">
          Width
          <input name="distill-width" type="number" min={1} max={1024} value={width} onChange={(e) => setWidth(Number(e.target.value))} />
        </label>
      )}
      <label>
        Seed
        <input name="distill-seed" type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
      </label>
      <button type="submit" disabled={busy || !valid}>
        Distil
      </button>
    </form>
  );
}
