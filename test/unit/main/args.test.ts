import { describe, expect, it } from 'vitest';
import { numberFlag, parseArgs } from '../../../src/main/cli/args.ts';

describe('parseArgs', () => {
  it('takes negative numbers and ranges as flag values', () => {
    const a = parseArgs(['p.amrproj', '--snr', '-20:18:2', '--seed', '-3', '--json'], new Set(['json']));
    expect(a.positionals).toEqual(['p.amrproj']);
    expect(a.flags).toEqual({ snr: '-20:18:2', seed: '-3', json: true });
    expect(numberFlag(a, 'seed')).toBe(-3);
  });

  it('rejects a non-numeric number flag with its name', () => {
    const a = parseArgs(['--epochs=ten'], new Set());
    expect(() => numberFlag(a, 'epochs')).toThrow(/--epochs must be a number/);
  });
});
