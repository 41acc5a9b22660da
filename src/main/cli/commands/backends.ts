import { parseBackendName, probeBackends } from '../../engine/ml/backend/index.ts';
import type { CliCommand } from '../command.ts';

export const command: CliCommand = {
  name: 'backends',
  summary: 'list the compute backends, which are available and why, and which one would be used',
  usage: 'amr-studio backends [--backend tensorflow|webgpu|wasm|cpu] [--json]',
  options: { backend: 'value' },
  async run(args) {
    const force = typeof args.flags.backend === 'string' ? parseBackendName(args.flags.backend, '--backend') : undefined;
    const report = await probeBackends(force ? { force } : {});
    const lines = report.backends.flatMap((b) => [
      `${b.name === report.chosen ? '*' : ' '} ${b.name.padEnd(10)} ${b.available ? 'available  ' : 'unavailable'}  ${b.detail}`,
      ...(b.available ? [`  ${''.padEnd(10)} ${b.verdict}`] : []),
    ]);
    lines.push(`chosen: ${report.chosen}${report.forced ? ' (forced)' : ''}`);
    return { json: report, text: lines.join('\n') };
  },
};
