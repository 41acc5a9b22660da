// The pruning studies run on a model, kept in the project: the newest is shown when the page
// opens again, any other can be picked, so a study never vanishes with the page that ran it.
import { useEffect, useState } from 'react';
import type { PruneStudy } from '../../../../shared/dto.ts';
import { call } from '../../api.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { StudyTable } from './StudyTable.tsx';

export function StoredStudies({ modelId, finished }: { modelId: number; /** bumped when a study of this page finishes */ finished: number }) {
  const studies = useAsync(() => call('listPruneStudies', { modelId }), [modelId, finished]);
  const [jobId, setJobId] = useState<number | null>(null);
  const [study, setStudy] = useState<PruneStudy | null>(null);
  const list = studies.value ?? [];
  useEffect(() => setJobId(list[0]?.jobId ?? null), [studies.value]);
  useEffect(() => {
    setStudy(null);
    if (jobId !== null) call('getPruneStudy', { jobId }).then(setStudy, () => setStudy(null));
  }, [jobId]);
  if (list.length === 0) return null;
  return (
    <div data-testid="stored-studies">
      <label className="row">
        Study
        <select name="stored-study" value={jobId ?? ''} onChange={(e) => setJobId(Number(e.target.value))}>
          {list.map((s) => (
            <option key={s.jobId} value={s.jobId}>
              job {s.jobId} · {s.rows} rows · {new Date(s.createdAt).toLocaleString()}
            </option>
          ))}
        </select>
      </label>
      {study && <StudyTable rows={study.rows} />}
    </div>
  );
}
