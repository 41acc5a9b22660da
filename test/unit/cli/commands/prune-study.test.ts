import { describe, expect, it } from 'vitest';
import { command as prune } from '../../../../src/main/cli/commands/prune.ts';
import { command as study, formatStudyTable } from '../../../../src/main/cli/commands/study.ts';
import type { StudyRow } from '../../../../src/main/engine/ml/prune/study.ts';

const log = (): void => undefined;
const at = (flags: Record<string, string | boolean>) => ({ positionals: ['/nonexistent/p.amrproj'], flags });

// Argument errors are reported before any job process starts.
describe('prune and study commands', () => {
  it('reject missing or malformed arguments with the flag named', async () => {
    await expect(prune.run(at({ model: '1' }), log)).rejects.toThrow(/--method is required/);
    await expect(prune.run(at({ model: '1', method: 'entropy' }), log)).rejects.toThrow(/unknown pruning method 'entropy'/);
    await expect(prune.run(at({ model: '1', method: 'taylor', recovery: 'half' }), log)).rejects.toThrow(/unknown recovery 'half'/);
    await expect(prune.run(at({ method: 'taylor' }), log)).rejects.toThrow(/--model is required/);
    await expect(study.run(at({ model: '1', ratio: '0.2,1.5' }), log)).rejects.toThrow(/--ratio must be numbers in \[0, 1\)/);
    await expect(study.run(at({ model: '1', methods: 'taylor,bogus' }), log)).rejects.toThrow(/unknown pruning method 'bogus'/);
  });

  it('prints the study as an aligned table', () => {
    const row: StudyRow = {
      method: 'reverse-order', recovery: 'partial-3', ratio: 0.25, removed: ['b'], params: 43908, totalParams: 44_964, macs: 1_000_000, sizeBytes: 180_000,
      latencyMsBatch1: 0.5, latencyMsBatch64: 0.05, accuracy: 0.5041, perSnr: [], trainableParams: 10, fineTuneSeconds: 1,
    };
    const lines = formatStudyTable([row, { ...row, method: 'baseline', recovery: 'none', accuracy: 0.6 }]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^method\s+recovery\s+ratio\s+params \(trainable\)\s+params \(total\)/);
    expect(lines[0]).toContain('ms/sample, batch 64');
    expect(lines[1]).toContain('50.4');
    expect(lines[1]!.indexOf('43908')).toBe(lines[2]!.indexOf('43908'));
  });
});
