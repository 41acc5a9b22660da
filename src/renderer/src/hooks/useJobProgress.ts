// Latest progress event per job, fed by the engine's pushed jobProgress events.
import { useEffect, useState } from 'react';
import type { JobProgress } from '../../../shared/dto.ts';
import { subscribe } from '../api.ts';

export function useJobProgress(): Map<number, JobProgress> {
  const [byJob, setByJob] = useState<Map<number, JobProgress>>(() => new Map());
  useEffect(
    () =>
      subscribe('jobProgress', (p) => {
        setByJob((prev) => new Map(prev).set(p.jobId, p));
      }),
    [],
  );
  return byJob;
}
