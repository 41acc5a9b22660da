// amr-studio label-clusters <project> --run R --names 0=BPSK,1=QPSK,… [--name NAME] [--json]: names
// clusters of a run and writes the named ones as a new labelled dataset.
import { AppError } from '../../../shared/errors.ts';
import { createEngine } from '../../engine/engine.ts';
import { writeLabelledDataset } from '../../engine/ml/cluster/label-clusters.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import type { CliCommand } from '../command.ts';

/** "0=BPSK,1=QPSK" → {0: 'BPSK', 1: 'QPSK'} */
export function parseClusterNames(text: string): Record<number, string> {
  const names: Record<number, string> = {};
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) throw new AppError('VALIDATION', `--names: '${part}' is not CLUSTER=NAME (e.g. 0=BPSK)`);
    if (names[Number(m[1])] !== undefined) throw new AppError('VALIDATION', `--names: cluster ${m[1]} is named twice`);
    names[Number(m[1])] = m[2]!;
  }
  return names;
}

export const command: CliCommand = {
  name: 'label-clusters',
  summary: 'name the clusters of a clustering run and write them as a new labelled dataset',
  usage: 'amr-studio label-clusters <file.amrproj> --run ID --names 0=BPSK,1=QPSK,… [--name NAME] [--json]',
  options: { run: 'value', names: 'value', name: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const runId = numberFlag(args, 'run');
    const names = stringFlag(args, 'names');
    if (!names) throw new AppError('VALIDATION', '--names is required, e.g. --names 0=BPSK,1=QPSK');
    const name = stringFlag(args, 'name');
    const engine = createEngine({ projectPath, log });
    try {
      const info = writeLabelledDataset(engine.store, runId, { names: parseClusterNames(names), ...(name ? { name } : {}) });
      return {
        json: { datasetId: info.id, name: info.name, count: info.count, classes: info.classes, lineage: info.params['lineage'] },
        text: `dataset ${info.id} “${info.name}”: ${info.count} samples in ${info.classes.length} classes (${info.classes.join(', ')}), from cluster run ${runId}`,
      };
    } finally {
      await engine.dispose();
    }
  },
};
