// Words for a POSIX shell: quoted words come back from a real shell exactly as given, and a
// command given as one string splits the way a shell would split it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellJoin, shellQuote, shellSplit } from '../../../../src/main/engine/cluster/shell-words.ts';

const awkward = ['plain', 'two words', "it's", '$HOME', '`date`', 'a"b', 'back\\slash', '*', '', 'tab\there', 'new\nline'];

describe('shell words', () => {
  it('quote only what needs it, and sh reads every word back as given', () => {
    expect(shellQuote('/opt/amr-studio/bin/amr-studio.mjs')).toBe('/opt/amr-studio/bin/amr-studio.mjs');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const out = spawnSync('sh', ['-c', `printf '%s\\0' ${shellJoin(awkward)}`], { encoding: 'utf8' }).stdout;
    expect(out.split('\0').slice(0, -1)).toEqual(awkward);
  });

  it('split a command line into words', () => {
    expect(shellSplit(`node '/opt/my app/amr-studio.mjs'  --flag "a \\"b\\"" c\\ d`)).toEqual(['node', '/opt/my app/amr-studio.mjs', '--flag', 'a "b"', 'c d']);
    expect(shellSplit(shellJoin(awkward))).toEqual(awkward);
    expect(() => shellSplit(`node 'unclosed`)).toThrow(/unbalanced ' in the command/);
  });
});
