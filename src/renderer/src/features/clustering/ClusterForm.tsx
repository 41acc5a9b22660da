// One clustering run: the unlabelled target, the labelled source the encoder is transferred from
// (or none), K (or a range to estimate it from), and the few knobs worth changing.
import { useEffect, useState, type FormEvent } from 'react';
import type { ChannelInput } from '../../../../shared/contract.ts';
import type { DatasetSummary } from '../../../../shared/dto.ts';
import { DatasetSelect } from '../../app/DatasetSelect.tsx';

export type ClusterRequest = ChannelInput<'startClustering'>;

export function ClusterForm({ datasets, busy, onStart }: { datasets: DatasetSummary[]; busy: boolean; onStart: (r: ClusterRequest) => void }) {
  const [targetId, setTargetId] = useState<number | null>(null);
  const [sourceId, setSourceId] = useState<number | null>(null);
  const [transfer, setTransfer] = useState<'source' | 'none'>('source');
  const [estimate, setEstimate] = useState(false);
  const [k, setK] = useState(11);
  const [kMin, setKMin] = useState(2);
  const [kMax, setKMax] = useState(15);
  const [epochs, setEpochs] = useState(10);
  const [snrMin, setSnrMin] = useState('');
  const [seed, setSeed] = useState(0);
  const labelled = datasets.filter((d) => d.classes.length >= 2);

  useEffect(() => {
    if (targetId === null && datasets[0]) setTargetId(datasets.at(-1)!.id);
    if (sourceId === null && labelled[0]) setSourceId(labelled[0].id);
  }, [datasets, labelled, targetId, sourceId]);

  const target = datasets.find((d) => d.id === targetId);
  useEffect(() => {
    if (target && target.classes.length >= 2) setK(target.classes.length);
  }, [target]);

  const valid = targetId !== null && (transfer === 'none' || sourceId !== null) && (estimate ? kMin >= 2 && kMax >= kMin : k >= 2);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || targetId === null) return;
    onStart({
      targetDatasetId: targetId,
      transfer,
      ...(transfer === 'source' && sourceId !== null ? { sourceDatasetId: sourceId } : {}),
      ...(estimate ? { estimateK: { min: kMin, max: kMax } } : { k }),
      pretrainEpochs: epochs,
      ...(snrMin.trim() === '' ? {} : { snrMin: Number(snrMin) }),
      seed,
    });
  };

  return (
    <form className="train-form" onSubmit={submit} aria-label="Clustering settings">
      <DatasetSelect label="Unlabelled target" name="cluster-target" datasets={datasets} value={targetId} onChange={setTargetId} />
      <label>
        Encoder
        <select name="cluster-transfer" value={transfer} onChange={(e) => setTransfer(e.target.value as 'source' | 'none')}>
          <option value="source">transferred from a labelled source</option>
          <option value="none">no transfer (seeded initialisation)</option>
        </select>
      </label>
      {transfer === 'source' && (
        <DatasetSelect label="Labelled source" name="cluster-source" datasets={labelled} value={sourceId} onChange={setSourceId} suffix={(d) => ` (${d.classes.length} classes)`} />
      )}
      <label>
        <input type="checkbox" name="cluster-estimate-k" checked={estimate} onChange={(e) => setEstimate(e.target.checked)} /> estimate K (silhouette)
      </label>
      {estimate ? (
        <>
          <label>
            K from
            <input name="cluster-k-min" type="number" min={2} max={256} value={kMin} onChange={(e) => setKMin(Number(e.target.value))} />
          </label>
          <label>
            to
            <input name="cluster-k-max" type="number" min={2} max={256} value={kMax} onChange={(e) => setKMax(Number(e.target.value))} />
          </label>
        </>
      ) : (
        <label>
          K
          <input name="cluster-k" type="number" min={2} max={256} value={k} onChange={(e) => setK(Number(e.target.value))} />
        </label>
      )}
      {transfer === 'source' && (
        <label>
          Source epochs
          <input name="cluster-epochs" type="number" min={1} max={1000} value={epochs} onChange={(e) => setEpochs(Number(e.target.value))} />
        </label>
      )}
      <label>
        SNR ≥ (dB)
        <input name="cluster-snr-min" type="number" placeholder="all" value={snrMin} onChange={(e) => setSnrMin(e.target.value)} />
      </label>
      <label>
        Seed
        <input name="cluster-seed" type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
      </label>
      <button type="submit" disabled={busy || !valid}>
        Cluster
      </button>
    </form>
  );
}
