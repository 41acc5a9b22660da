import { existsSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import { openProject } from '../../engine/store/project.ts';
import { requirePositional } from '../args.ts';
import type { CliCommand } from '../command.ts';

export const command: CliCommand = {
  name: 'project create',
  summary: 'create an empty project file',
  usage: 'amr-studio project create <file.amrproj> [--json]',
  options: {},
  async run(args, log) {
    const file = requirePositional(args, 0, 'project file (e.g. study.amrproj)');
    if (existsSync(file)) throw new AppError('VALIDATION', `${file}: already exists; choose a new file name`);
    const store = openProject(file, { create: true });
    try {
      const info = store.info();
      log(`created ${info.path}`);
      return { json: info, text: `created ${info.path} (schema version ${info.schemaVersion})` };
    } finally {
      store.close();
    }
  },
};
