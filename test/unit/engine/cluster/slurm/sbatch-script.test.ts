// The sbatch script of a bundle: one array task per bundle task, resources as #SBATCH lines,
// each task's log in the bundle, and a command line a shell reads back word for word.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sbatchScript } from '../../../../../src/main/engine/cluster/slurm/sbatch-script.ts';

const base = { jobName: 'amr-prune-study-1a2b3c4d', bundleDir: '/scratch/lab/prune-study-1a2b3c4d', taskCount: 5, amrStudio: ['/opt/node 20/bin/node', "/opt/amr's/bin/amr-studio.mjs"] };

describe('sbatch script', () => {
  it('names the array, the resources per task and the log of each task', () => {
    const script = sbatchScript({ ...base, resources: { cpusPerTask: 2, partition: 'gpu', gres: 'gpu:1', time: '2:00:00', mem: '8G', maxParallel: 3 } });
    const directives = script.split('\n').filter((l) => l.startsWith('#SBATCH'));
    expect(directives).toEqual([
      '#SBATCH --job-name=amr-prune-study-1a2b3c4d',
      '#SBATCH --array=0-4%3',
      '#SBATCH --cpus-per-task=2',
      '#SBATCH --partition=gpu',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --time=2:00:00',
      '#SBATCH --mem=8G',
      '#SBATCH --output=/scratch/lab/prune-study-1a2b3c4d/logs/task-%a.out',
    ]);
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
  });

  it('runs the task with its index, every word reaching the program as given', () => {
    const script = sbatchScript({ ...base, resources: { cpusPerTask: 1 } });
    const command = script.split('\n').find((l) => l.startsWith('exec '))!;
    // what bash hands the program, with printf standing in for it
    const words = spawnSync('bash', ['-c', `SLURM_ARRAY_TASK_ID=3; ${command.replace(/^exec /, "printf '%s\\n' ")}`], { encoding: 'utf8' }).stdout.split('\n').slice(0, -1);
    expect(words).toEqual([...base.amrStudio, 'run-bundle', base.bundleDir, '--task', '3']);
  });

  it('refuses resource values Slurm would read wrongly', () => {
    expect(() => sbatchScript({ ...base, resources: { cpusPerTask: 1, partition: 'gpu --mem=1' } })).toThrow(/--partition 'gpu --mem=1': only letters/);
    expect(() => sbatchScript({ ...base, resources: { cpusPerTask: 0 } })).toThrow(/--cpus must be a positive integer/);
  });
});
