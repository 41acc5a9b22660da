import { describe, expect, it } from 'vitest';
import { numberFlag, parseArgs } from '../../../src/main/cli/args.ts';
import { closestName, editDistance } from '../../../src/main/cli/closest-name.ts';
import type { CommandOptions } from '../../../src/main/cli/command.ts';

const trainLike: CommandOptions = { epochs: 'value', batch: 'value', seed: 'value', snr: 'value', force: 'switch', json: 'switch' };

describe('parseArgs', () => {
  it('takes negative numbers and ranges as flag values', () => {
    const a = parseArgs(['p.amrproj', '--snr', '-20:18:2', '--seed', '-3', '--json'], trainLike, 'train');
    expect(a.positionals).toEqual(['p.amrproj']);
    expect(a.flags).toEqual({ snr: '-20:18:2', seed: '-3', json: true });
    expect(numberFlag(a, 'seed')).toBe(-3);
  });

  it('rejects a non-numeric number flag with its name', () => {
    const a = parseArgs(['--epochs=ten'], trainLike, 'train');
    expect(() => numberFlag(a, 'epochs')).toThrow(/--epochs must be a number/);
  });

  it('refuses an undeclared option, naming the closest declared one', () => {
    expect(() => parseArgs(['p', '--epoch', '1', '--batch', '32'], trainLike, 'train')).toThrow("unknown option --epoch for 'train'; did you mean --epochs?");
    expect(() => parseArgs(['p', '--epochs', '1', '--bach', '32'], trainLike, 'train')).toThrow(/unknown option --bach .*did you mean --batch\?/);
    expect(() => parseArgs(['--sede=3'], trainLike, 'train')).toThrow(/did you mean --seed\?/);
    // nothing close: the declared options are listed instead
    expect(() => parseArgs(['--learning-rate', '0.1'], trainLike, 'train')).toThrow(/unknown option --learning-rate for 'train'; its options: --batch --epochs --force --json --seed --snr/);
  });

  it('refuses a value option without its value, and a switch given a value it cannot mean', () => {
    expect(() => parseArgs(['--epochs'], trainLike, 'train')).toThrow('--epochs needs a value');
    expect(() => parseArgs(['--epochs', '--json'], trainLike, 'train')).toThrow('--epochs needs a value');
    expect(parseArgs(['--force', 'p'], trainLike, 'train')).toEqual({ positionals: ['p'], flags: { force: true } });
    expect(parseArgs(['--force=no'], trainLike, 'train').flags.force).toBe(false);
    expect(() => parseArgs(['--force=later'], trainLike, 'train')).toThrow(/--force is a switch/);
  });

  it('does not take an inherited object key for an option', () => {
    expect(() => parseArgs(['--constructor', 'x'], trainLike, 'train')).toThrow(/unknown option --constructor/);
  });
});

describe('closestName', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('bacth', 'batch')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the near name or the only one the word begins, and nothing far away', () => {
    const names = ['epochs', 'batch', 'backend', 'seed', 'on-duplicate'];
    expect(closestName('bacth', names)).toBe('batch');
    expect(closestName('on-dup', names)).toBe('on-duplicate');
    expect(closestName('ba', names)).toBeUndefined();
    expect(closestName('threads', names)).toBeUndefined();
  });
});
