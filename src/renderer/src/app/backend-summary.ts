// The status bar's words for the backend report: the backend in use and, for a GPU, its adapter
// and memory; the tooltip says for every rung why it is or is not used.
import type { BackendReport, GpuAdapterSummary } from '../../../shared/dto.ts';

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

export function adapterLabel(a: GpuAdapterSummary): string {
  const memory = a.memoryBytes === null ? 'memory unknown' : gib(a.memoryBytes);
  return `${a.name}${a.software ? ' (software)' : ''}, ${memory}`;
}

export function backendSummary(report: BackendReport): { label: string; title: string } {
  const chosen = report.backends.find((b) => b.name === report.chosen);
  const adapter = chosen?.adapter ? ` on ${adapterLabel(chosen.adapter)}` : '';
  return {
    label: `Compute: ${report.chosen}${report.forced ? ' (forced)' : ''}${adapter}`,
    title: report.backends.map((b) => `${b.name}: ${b.verdict}${b.available && b.name === report.chosen ? ` — ${b.detail}` : ''}`).join('\n'),
  };
}
