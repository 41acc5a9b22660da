// The cluster commands refuse bad arguments before any bundle is written or Slurm is asked, and
// run-bundle finds its task index where Slurm and Kubernetes put it.
import { afterEach, describe, expect, it } from 'vitest';
import { command as submit } from '../../../../src/main/cli/commands/cluster-submit.ts';
import { command as runBundle } from '../../../../src/main/cli/commands/run-bundle.ts';

const log = (): void => undefined;
const at = (flags: Record<string, string | boolean>, positionals = ['/nonexistent/p.amrproj']) => ({ positionals, flags });

afterEach(() => {
  delete process.env['SLURM_ARRAY_TASK_ID'];
  delete process.env['JOB_COMPLETION_INDEX'];
});

describe('cluster submit', () => {
  it('names what is missing or contradictory', async () => {
    await expect(submit.run(at({ study: true, model: '1' }), log)).rejects.toThrow(/say which scheduler with --slurm/);
    await expect(submit.run(at({ slurm: true, ssh: 'me@login', study: true, model: '1' }), log)).rejects.toThrow(/--workdir is required with --ssh/);
    await expect(submit.run(at({ slurm: true, model: '1' }), log)).rejects.toThrow(/say which work to send with exactly one of --study, --train/);
    await expect(submit.run(at({ slurm: true, study: true, train: true }), log)).rejects.toThrow(/exactly one of --study, --train, --distill \(got --study, --train\)/);
    await expect(submit.run(at({ slurm: true, study: true, 'ssh-config': 'x' }), log)).rejects.toThrow(/--ssh-config needs --ssh/);
    await expect(submit.run(at({ slurm: true, study: true, 'amr-studio': "node 'unclosed" }), log)).rejects.toThrow(/unbalanced ' in the command/);
    await expect(submit.run(at({ slurm: true, study: true, model: '1' }), log)).rejects.toThrow(/no such project file/);
  });
});

describe('run-bundle', () => {
  it('takes the task index from --task, else from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX', async () => {
    await expect(runBundle.run(at({}, ['/nonexistent/bundle']), log)).rejects.toThrow(/--task is required \(or SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX/);
    await expect(runBundle.run(at({ task: 'x' }, ['/nonexistent/bundle']), log)).rejects.toThrow(/--task must be a task index/);
    process.env['JOB_COMPLETION_INDEX'] = 'one';
    await expect(runBundle.run(at({}, ['/nonexistent/bundle']), log)).rejects.toThrow(/JOB_COMPLETION_INDEX must be a task index/);
    process.env['SLURM_ARRAY_TASK_ID'] = '2';
    await expect(runBundle.run(at({}, ['/nonexistent/bundle']), log)).rejects.toThrow(/\/nonexistent\/bundle\/manifest\.json: cannot read the bundle's manifest \(ENOENT\)/);
  });
});
