// One prune: method, ratio, recovery and fine-tuning epochs; block-wise also takes K.
import { useState, type FormEvent } from 'react';
import type { ChannelInput } from '../../../../shared/contract.ts';
import { pruneMethodNames, recoveryChoices, recoveryPattern, type PruneMethodName } from '../../../../shared/pruning.ts';

export type PruneRequest = Omit<ChannelInput<'startPrune'>, 'modelId'>;

export function PruneForm({ busy, blocks, onStart }: { busy: boolean; blocks: number | null; onStart: (r: PruneRequest) => void }) {
  const [method, setMethod] = useState<PruneMethodName>('reverse-order');
  const [ratio, setRatio] = useState(0.25);
  const [recovery, setRecovery] = useState('partial-3');
  const [epochs, setEpochs] = useState(2);
  const valid = recoveryPattern.test(recovery) && ratio >= 0 && ratio < 1 && epochs >= 1;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    onStart({ method, ratio, recovery, epochs, ...(method === 'blockwise' && blocks !== null ? { blocks } : {}) });
  };

  return (
    <form className="train-form" onSubmit={submit} aria-label="Prune settings">
      <label>
        Method
        <select name="prune-method" value={method} onChange={(e) => setMethod(e.target.value as PruneMethodName)}>
          {pruneMethodNames.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label>
        Ratio
        <input name="prune-ratio" type="number" min={0} max={0.95} step="any" value={ratio} onChange={(e) => setRatio(Number(e.target.value))} />
      </label>
      <label>
        Recovery
        <input name="prune-recovery" list="recovery-choices" value={recovery} onChange={(e) => setRecovery(e.target.value.trim())} aria-invalid={!recoveryPattern.test(recovery)} />
        <datalist id="recovery-choices">
          {recoveryChoices.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </label>
      <label>
        Epochs
        <input name="prune-epochs" type="number" min={1} max={1000} value={epochs} onChange={(e) => setEpochs(Number(e.target.value))} />
      </label>
      {method === 'blockwise' && <span className="muted">K = {blocks ?? 'elbow'} (from the heat map)</span>}
      <button type="submit" disabled={busy || !valid}>
        Prune
      </button>
    </form>
  );
}
