import type { DatasetSummary } from '../../../shared/dto.ts';
import { listSummaries } from '../../engine/api/handlers/dataset-summary.ts';
import { openProjectForReading } from '../../engine/store/project.ts';
import { requirePositional } from '../args.ts';
import type { CliCommand } from '../command.ts';

function table(summary: DatasetSummary): string {
  const head = ['class', ...summary.snrs.map((s) => `${s}dB`), 'total'];
  const body = summary.classes.map((name, c) => {
    const row = summary.counts[c]!;
    return [name, ...row.map(String), String(row.reduce((a, b) => a + b, 0))];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' ');
  return [line(head), ...body.map(line)].join('\n');
}

export const command: CliCommand = {
  name: 'datasets',
  summary: 'list the datasets of a project with sample counts per class and SNR',
  usage: 'amr-studio datasets <file.amrproj> [--json]',
  options: {},
  async run(args) {
    const file = requirePositional(args, 0, 'project file');
    const store = openProjectForReading(file);
    try {
      const summaries = listSummaries(store);
      const text = summaries.length
        ? summaries
            .map((s) => `#${s.id} ${s.name} (${s.kind}, ${s.format}, ${s.count} samples × 2 × ${s.length})${s.origin ? `\n${s.origin}` : ''}\n${table(s)}`)
            .join('\n\n')
        : `${store.path}: no datasets yet`;
      return { json: summaries, text };
    } finally {
      store.close();
    }
  },
};
