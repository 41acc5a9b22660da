import type { BackendReport, ProjectInfo } from '../../../shared/dto.ts';
import { backendSummary } from './backend-summary.ts';
import { useTheme } from './theme.ts';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`;
}

export function StatusBar({ project, backends, error }: { project: ProjectInfo | null; backends: BackendReport | null; error: string | null }) {
  const { dark, toggle } = useTheme();
  const compute = backends ? backendSummary(backends) : null;
  return (
    <footer className="status" role="status">
      <span data-testid="status-project" title={project?.path}>
        {project ? `Project: ${project.path} · ${plural(project.datasets, 'dataset')} · ${plural(project.samples, 'sample')} · ${formatBytes(project.sizeBytes)}` : error ?? 'Opening project…'}
      </span>
      <span data-testid="status-backend" title={compute?.title}>
        {compute ? compute.label : 'Compute: probing…'}
      </span>
      <button type="button" className="link" onClick={toggle} aria-label="Toggle dark theme">
        {dark ? 'Light theme' : 'Dark theme'}
      </button>
    </footer>
  );
}
