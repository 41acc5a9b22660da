// Where work goes to the cluster, remembered between sessions: the forms that submit share it.
import { useCallback, useState } from 'react';
import type { ClusterTarget } from '../../../shared/cluster-jobs.ts';

const storageKey = 'amr-studio.cluster-target';

function load(): ClusterTarget {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as ClusterTarget | null;
    if (saved && typeof saved.workdir === 'string') return saved;
  } catch {
    // an unreadable entry is forgotten: the form starts empty
  }
  return { workdir: '' };
}

export function useClusterTarget(): [ClusterTarget, (t: ClusterTarget) => void] {
  const [target, setTarget] = useState<ClusterTarget>(load);
  const update = useCallback((t: ClusterTarget) => {
    setTarget(t);
    localStorage.setItem(storageKey, JSON.stringify(t));
  }, []);
  return [target, update];
}

/** The target as the submit channel takes it: empty fields left out. */
export function submittableTarget(t: ClusterTarget): ClusterTarget {
  const entries = Object.entries(t).filter(([, v]) => v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v)));
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as unknown as ClusterTarget;
}
