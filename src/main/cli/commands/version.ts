import { appInfo } from '../../engine/base/app-info.ts';
import type { CliCommand } from '../command.ts';

export const command: CliCommand = {
  name: 'version',
  summary: 'print the version',
  usage: 'amr-studio --version [--json]',
  options: {},
  async run() {
    const info = appInfo();
    return { json: info, text: `${info.name} ${info.version}` };
  },
};
