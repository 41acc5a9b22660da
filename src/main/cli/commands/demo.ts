// amr-studio demo [<file.amrproj>] [--per-key N] [--seed S]: creates the demo project.
import { createDemoProject } from '../../engine/demo.ts';
import { numberFlag } from '../args.ts';
import type { CliCommand } from '../command.ts';

export const command: CliCommand = {
  name: 'demo',
  summary: 'create a demo project with a generated RML2016.10a-style dataset and a stored split',
  usage: 'amr-studio demo [<file.amrproj>] [--per-key 100] [--seed 2016] [--json]',
  options: { 'per-key': 'value', seed: 'value' },
  async run(args, log) {
    const path = args.positionals[0] ?? 'amr-studio-demo.amrproj';
    let lastTenth = -1;
    const demo = await createDemoProject(path, {
      perKey: numberFlag(args, 'per-key', 100),
      seed: numberFlag(args, 'seed', 2016),
      onProgress: (done, total) => {
        const tenth = Math.floor((10 * done) / total);
        if (tenth !== lastTenth) log(`generated ${done}/${total} vectors`);
        lastTenth = tenth;
      },
    });
    const { dataset, splits } = demo;
    return {
      json: demo,
      text: `${demo.path}: dataset ${dataset.id} "${dataset.name}", ${dataset.count} vectors (train ${splits.train}, val ${splits.val}, test ${splits.test})`,
    };
  },
};
