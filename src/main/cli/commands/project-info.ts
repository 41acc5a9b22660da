import { openProjectForReading } from '../../engine/store/project.ts';
import { requirePositional } from '../args.ts';
import type { CliCommand } from '../command.ts';

export const command: CliCommand = {
  name: 'project info',
  summary: 'show a project file: schema version, size, datasets, samples, models',
  usage: 'amr-studio project info <file.amrproj> [--json]',
  options: {},
  async run(args) {
    const file = requirePositional(args, 0, 'project file');
    const store = openProjectForReading(file);
    try {
      const info = store.info();
      const text = [
        `project        ${info.path}`,
        `schema version ${info.schemaVersion}`,
        `size           ${(info.sizeBytes / 2 ** 20).toFixed(1)} MB`,
        `datasets       ${info.datasets}`,
        `samples        ${info.samples}`,
        `models         ${info.models}`,
      ].join('\n');
      return { json: info, text };
    } finally {
      store.close();
    }
  },
};
