// The compute backends the status bar and the training form show. Probing loads TF.js, so it
// happens on first request and is remembered.
import type { BackendReport } from '../../../../shared/dto.ts';

let report: Promise<BackendReport> | null = null;

export function backendReport(): Promise<BackendReport> {
  report ??= import('../../ml/backend/index.ts').then((m) => m.probeBackends()).catch((err: unknown) => {
    report = null;
    throw err;
  });
  return report;
}
