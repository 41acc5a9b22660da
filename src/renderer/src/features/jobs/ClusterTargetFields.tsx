// The cluster a form submits to: the work folder the nodes share, Slurm's resources per task,
// and the login node when Slurm is not on this machine. Without a login node the work folder is
// local and the engine writes into it, and the nodes run a program of this machine, so both must
// come from the app's dialogs.
import { useRef, useState } from 'react';
import type { ClusterTarget } from '../../../../shared/cluster-jobs.ts';
import { choose, describeError } from '../../api.ts';

type TextField = 'workdir' | 'partition' | 'gres' | 'time' | 'mem' | 'ssh' | 'amrStudio';

const textFields: { key: TextField; label: string; placeholder: string; wide?: boolean }[] = [
  { key: 'workdir', label: 'Work folder on the cluster', placeholder: '/shared/scratch/me/amr', wide: true },
  { key: 'ssh', label: 'Login node (ssh)', placeholder: 'me@login.cluster — empty: Slurm on this machine' },
  { key: 'partition', label: 'Partition', placeholder: 'default' },
  { key: 'gres', label: 'GRES per task', placeholder: 'gpu:1' },
  { key: 'time', label: 'Time limit', placeholder: '2:00:00' },
  { key: 'mem', label: 'Memory', placeholder: '8G' },
  { key: 'amrStudio', label: 'amr-studio on the nodes', placeholder: 'amr-studio', wide: true },
];

export function ClusterTargetFields({ target, onChange }: { target: ClusterTarget; onChange: (t: ClusterTarget) => void }) {
  const [error, setError] = useState<string | null>(null);
  // A dialog answers after other edits may have landed: its pick joins the target as it is then.
  const latest = useRef(target);
  latest.current = target;
  const pick = (field: 'workdir' | 'amrStudio', chosen: Promise<string | null>) => {
    setError(null);
    chosen.then(
      (path) => path && onChange({ ...latest.current, [field]: path }),
      (err: unknown) => setError(describeError(err)),
    );
  };
  const pickWorkdir = () => pick('workdir', choose('chooseFolder', { title: 'Work folder for cluster jobs' }));
  const pickProgram = () => pick('amrStudio', choose('chooseProgram', { title: 'amr-studio program the nodes run' }));
  return (
    <div className="export-form cluster-target">
      <button type="button" name="cluster-workdir-choose" onClick={pickWorkdir} disabled={Boolean(target.ssh)} title="the local work folder when Slurm runs on this machine">
        Choose local folder…
      </button>
      <button type="button" name="cluster-amrStudio-choose" onClick={pickProgram} disabled={Boolean(target.ssh)} title="the amr-studio program when Slurm runs on this machine">
        Choose local program…
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {textFields.map((f) => (
        <label key={f.key} className={f.wide ? 'wide' : undefined}>
          {f.label}
          <input name={`cluster-${f.key}`} value={target[f.key] ?? ''} placeholder={f.placeholder} onChange={(e) => onChange({ ...target, [f.key]: e.target.value })} />
        </label>
      ))}
      <label>
        CPUs per task
        <input
          name="cluster-cpus"
          type="number"
          min={1}
          max={256}
          value={target.cpus ?? 1}
          onChange={(e) => onChange({ ...target, cpus: Number(e.target.value) })}
        />
      </label>
    </div>
  );
}
