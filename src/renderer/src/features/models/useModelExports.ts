// A model's exports: starting one as a job, watching it, the report of the one shown, and the
// list of earlier exports (reloaded when a new one finishes).
import { useCallback, useState } from 'react';
import type { ChannelInput } from '../../../../shared/contract.ts';
import type { ExportSummary, JobDetail } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { useJobWatch, type JobWatch } from '../../hooks/useJobWatch.ts';

export interface ModelExports {
  /** the export job started here, while and after it runs */
  watch: JobWatch;
  /** the export whose report is shown */
  shown: ExportSummary | null;
  show(summary: ExportSummary): void;
  earlier: ExportSummary[];
  error: string | null;
  start(request: ChannelInput<'startExport'>): void;
}

export function useModelExports(modelId: number): ModelExports {
  const [jobId, setJobId] = useState<number | null>(null);
  const [shown, setShown] = useState<ExportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const previous = useAsync(() => call('listExports', { modelId }), [modelId]);

  const finished = useCallback(
    (j: JobDetail) => {
      if (j.status !== 'done') return;
      call('getExportResult', { jobId: j.id }).then(setShown, (e: unknown) => setError(describeError(e)));
      previous.reload();
    },
    [previous.reload],
  );
  const watch = useJobWatch(jobId, finished);

  const start = (request: ChannelInput<'startExport'>) => {
    setError(null);
    setShown(null);
    call('startExport', request).then(
      (r) => setJobId(r.jobId),
      (err: unknown) => setError(describeError(err)),
    );
  };

  return { watch, shown, show: setShown, earlier: previous.value ?? [], error: error ?? watch.error, start };
}
