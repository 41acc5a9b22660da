// What the renderer may send to the cluster: values that reach #SBATCH lines or ssh's command
// line are plain words, never options or extra lines.
import { describe, expect, it } from 'vitest';
import { contract } from '../../../src/shared/contract.ts';

const work = { kind: 'prune-study', modelId: 1, methods: ['reverse-order'], recoveries: ['none'], ratio: 0.5, epochs: 1 };

function issues(target: Record<string, unknown>): string[] {
  const parsed = contract.submitToCluster.input.safeParse({ work, target });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('submitToCluster arguments', () => {
  it('takes a study with a work folder, Slurm resources and a login node', () => {
    expect(issues({ workdir: '/shared/amr', partition: 'gpu', gres: 'gpu:1', time: '2:00:00', cpus: 4, ssh: 'me@login.example.org' })).toEqual([]);
  });

  it('refuses an ssh destination that would be read as an option', () => {
    expect(issues({ workdir: '/shared/amr', ssh: '-oProxyJump' })).toEqual(['target.ssh: must not start with -']);
  });

  it('refuses a Slurm value that would add a line to the script', () => {
    expect(issues({ workdir: '/shared/amr', partition: 'gpu\n#SBATCH --uid=0' })).toEqual([expect.stringMatching(/^target\.partition: letters, digits/)]);
  });

  it('refuses work of a kind that cannot be bundled', () => {
    expect(contract.submitToCluster.input.safeParse({ work: { ...work, kind: 'export' }, target: { workdir: '/x' } }).success).toBe(false);
  });
});
