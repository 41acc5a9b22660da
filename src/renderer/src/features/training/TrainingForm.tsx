// What to train: dataset, architecture, epochs, batch size, learning rate, compute backend and
// threads; which part of the dataset; the online augmentation, with a preview of it; here, or on a
// Slurm cluster as one task per seed.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { adapterLabel } from '../../app/backend-summary.ts';
import type { ClusterTarget } from '../../../../shared/cluster-jobs.ts';
import type { BackendReport, DatasetSummary, ModelArchitecture } from '../../../../shared/dto.ts';
import type { ChannelInput } from '../../../../shared/contract.ts';
import { trainingDefaults } from '../../../../shared/training-defaults.ts';
import { submittableTarget, useClusterTarget } from '../../hooks/useClusterTarget.ts';
import { ClusterTargetFields } from '../jobs/ClusterTargetFields.tsx';
import { AugmentFields } from './AugmentFields.tsx';
import { AugmentPreviewPanel } from './AugmentPreviewPanel.tsx';
import { defaultAugmentChoice, specOfChoice } from './augment-choice.ts';
import { emptySubset, SubsetFields, subsetOfChoice } from './SubsetFields.tsx';

export type TrainingRequest = ChannelInput<'startTraining'>;

export interface TrainingFormProps {
  datasets: DatasetSummary[];
  architectures: ModelArchitecture[];
  backends: BackendReport | null;
  busy: boolean;
  onStart: (r: TrainingRequest) => void;
  /** sends the run to a Slurm cluster, one array task per seed */
  onSubmitToCluster: (r: TrainingRequest, seeds: number[], target: ClusterTarget) => void;
}

function parseSeeds(text: string): number[] | null {
  const words = text.split(/[\s,]+/).filter((w) => w.length > 0);
  if (words.length === 0 || !words.every((w) => /^\d+$/.test(w))) return null;
  return words.map(Number);
}

export function TrainingForm({ datasets, architectures, backends, busy, onStart, onSubmitToCluster }: TrainingFormProps) {
  const [datasetId, setDatasetId] = useState<number | null>(null);
  const [architecture, setArchitecture] = useState('');
  const [epochs, setEpochs] = useState<number>(trainingDefaults.epochs);
  const [batchSize, setBatchSize] = useState<number>(trainingDefaults.batchSize);
  const [learningRate, setLearningRate] = useState<number>(trainingDefaults.learningRate);
  const [backend, setBackend] = useState('');
  /** empty = every core */
  const [threads, setThreads] = useState('');
  const [seedsText, setSeedsText] = useState('0');
  const [target, setTarget] = useClusterTarget();
  const seeds = parseSeeds(seedsText);
  const [subset, setSubset] = useState(emptySubset);
  const [augment, setAugment] = useState(defaultAugmentChoice);
  const spec = useMemo(() => specOfChoice(augment), [augment]);
  const dataset = datasets.find((d) => d.id === datasetId);

  useEffect(() => {
    if (datasetId === null && datasets[0]) setDatasetId(datasets[0].id);
  }, [datasets, datasetId]);
  useEffect(() => {
    if (architecture || architectures.length === 0) return;
    setArchitecture(architectures.some((a) => a.id === trainingDefaults.architecture) ? trainingDefaults.architecture : architectures[0]!.id);
  }, [architectures, architecture]);

  const request = (id: number): TrainingRequest => ({
    datasetId: id,
    architecture,
    epochs,
    batchSize,
    learningRate,
    ...(backend ? { backend: backend as NonNullable<TrainingRequest['backend']> } : {}),
    ...(threads ? { threads: Math.max(1, Math.floor(Number(threads))) } : {}),
    ...(spec ? { augment: spec } : {}),
    ...(subsetOfChoice(subset) ? { subset: subsetOfChoice(subset) } : {}),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (datasetId === null || !architecture) return;
    onStart(request(datasetId));
  };

  return (
    <>
      <form className="train-form" onSubmit={submit} aria-label="Training settings">
        <label>
          Dataset
          <select
            name="dataset"
            value={datasetId ?? ''}
            onChange={(e) => {
              setDatasetId(Number(e.target.value));
              setSubset(emptySubset);
            }}
          >
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.count.toLocaleString()})
              </option>
            ))}
          </select>
        </label>
        <label>
          Model
          <select name="architecture" value={architecture} onChange={(e) => setArchitecture(e.target.value)}>
            {architectures.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Epochs
          <input name="epochs" type="number" min={1} max={1000} value={epochs} onChange={(e) => setEpochs(Math.max(1, Number(e.target.value) || 1))} />
        </label>
        <label>
          Batch
          <input name="batchSize" type="number" min={1} max={4096} value={batchSize} onChange={(e) => setBatchSize(Math.max(1, Number(e.target.value) || 1))} />
        </label>
        <label>
          Learning rate
          <input name="learningRate" type="number" min={0.00001} max={1} step="any" value={learningRate} onChange={(e) => setLearningRate(Number(e.target.value) || trainingDefaults.learningRate)} />
        </label>
        <label>
          Backend
          <select name="backend" value={backend} onChange={(e) => setBackend(e.target.value)}>
            <option value="">automatic{backends ? ` (${backends.chosen})` : ''}</option>
            {backends?.backends.map((b) => (
              <option key={b.name} value={b.name} disabled={!b.available} title={b.verdict}>
                {b.name}
                {b.available ? (b.adapter ? ` — ${adapterLabel(b.adapter)}` : '') : ' — unavailable'}
              </option>
            ))}
          </select>
        </label>
        <label title="Threads that share each batch (wasm and cpu backends). Batch-norm statistics are per thread, so the count is recorded with the model.">
          Threads
          <input name="threads" type="number" min={1} max={64} placeholder="all cores" value={threads} onChange={(e) => setThreads(e.target.value)} />
        </label>
        <SubsetFields dataset={dataset} value={subset} onChange={setSubset} />
        <AugmentFields value={augment} onChange={setAugment} />
        <button type="submit" disabled={busy || datasetId === null || !architecture}>
          {busy ? 'Training…' : 'Start training'}
        </button>
      </form>
      <AugmentPreviewPanel datasetId={datasetId} spec={spec} classIndex={subset.classes[0]} snr={subset.snrMin ?? subset.snrMax ?? undefined} />
      <details className="cluster-submit">
        <summary>Run on a Slurm cluster</summary>
        <ClusterTargetFields target={target} onChange={setTarget} />
        <div className="export-form">
          <label>
            Seeds (one task each)
            <input name="cluster-seeds" value={seedsText} onChange={(e) => setSeedsText(e.target.value)} placeholder="1, 2, 3" />
          </label>
          <button
            type="button"
            disabled={datasetId === null || !architecture || seeds === null || target.workdir.trim() === ''}
            onClick={() => datasetId !== null && seeds && onSubmitToCluster(request(datasetId), seeds, submittableTarget(target))}
          >
            Submit to cluster ({seeds?.length ?? 0} tasks)
          </button>
        </div>
      </details>
    </>
  );
}
