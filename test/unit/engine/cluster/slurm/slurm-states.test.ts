// Parsing what Slurm 22.05 prints (squeue, sacct, scontrol), from output captured on a real
// single-node cluster, and the ranges Slurm uses for pending array tasks.
import { describe, expect, it } from 'vitest';
import { parseSacct, parseScontrol, parseSqueue, taskIndices } from '../../../../../src/main/engine/cluster/slurm/slurm-states.ts';

describe('Slurm task states', () => {
  it('expands array task ranges, with and without brackets and throttles', () => {
    expect(taskIndices('3')).toEqual([3]);
    expect(taskIndices('2-5')).toEqual([2, 3, 4, 5]);
    expect(taskIndices('[0-2,7]')).toEqual([0, 1, 2, 7]);
    expect(taskIndices('0-3%2')).toEqual([0, 1, 2, 3]);
    expect(taskIndices('N/A')).toEqual([]);
  });

  it('reads squeue -r output, one line per task', () => {
    const states = parseSqueue('0|RUNNING|None\n1|RUNNING|None\n2|PENDING|Resources\n3|PENDING|Priority\n');
    expect([...states]).toEqual([
      [0, { state: 'RUNNING' }],
      [1, { state: 'RUNNING' }],
      [2, { state: 'PENDING', reason: 'Resources' }],
      [3, { state: 'PENDING', reason: 'Priority' }],
    ]);
  });

  it('reads sacct, where pending tasks share a line and cancelled ones say by whom', () => {
    const states = parseSacct('12_0|COMPLETED|0:0\n12_1|CANCELLED by 0|0:15\n12_2|FAILED|1:0\n12_[3-4]|PENDING|0:0\n7_0|COMPLETED|0:0\n', '12');
    expect(Object.fromEntries(states)).toEqual({
      0: { state: 'COMPLETED', exitCode: '0:0' },
      1: { state: 'CANCELLED', exitCode: '0:15' },
      2: { state: 'FAILED', exitCode: '1:0' },
      3: { state: 'PENDING', exitCode: '0:0' },
      4: { state: 'PENDING', exitCode: '0:0' },
    });
  });

  it('reads scontrol show job -o lines of an array job', () => {
    const line = (task: string, state: string, exit: string, reason = 'None') =>
      `JobId=1${task} ArrayJobId=1 ArrayTaskId=${task} JobName=t.sh UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901759 Nice=0 Account=(null) QOS=(null) JobState=${state} Reason=${reason} Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=${exit} RunTime=00:00:03 TimeLimit=UNLIMITED`;
    const states = parseScontrol([line('3', 'COMPLETED', '0:0'), line('2', 'CANCELLED', '0:15'), line('0-1', 'PENDING', '0:0', 'Resources')].join('\n'));
    expect(Object.fromEntries(states)).toEqual({
      3: { state: 'COMPLETED', exitCode: '0:0' },
      2: { state: 'CANCELLED', exitCode: '0:15' },
      0: { state: 'PENDING', exitCode: '0:0', reason: 'Resources' },
      1: { state: 'PENDING', exitCode: '0:0', reason: 'Resources' },
    });
  });
});
