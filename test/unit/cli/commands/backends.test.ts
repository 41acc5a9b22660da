import { describe, expect, it } from 'vitest';
import { command } from '../../../../src/main/cli/commands/backends.ts';
import type { BackendReport } from '../../../../src/shared/dto.ts';

const log = () => {};

describe('amr-studio backends', () => {
  it('lists every backend with its status and marks the chosen one', async () => {
    const out = await command.run({ positionals: [], flags: {} }, log);
    const report = out.json as BackendReport;
    expect(report.backends.map((b) => b.name)).toEqual(['tensorflow', 'webgpu', 'wasm', 'cpu']);
    const lines = out.text.split('\n');
    // one line per backend, one more with the verdict of each available one, then the choice
    expect(lines).toHaveLength(4 + report.backends.filter((b) => b.available).length + 1);
    expect(lines.find((l) => l.startsWith('*'))).toContain(report.chosen);
    expect(lines.at(-1)).toBe(`chosen: ${report.chosen}`);
    for (const b of report.backends) {
      expect(out.text).toContain(b.detail);
      expect(b.verdict).toMatch(b.name === report.chosen ? /^used: / : /^not used: /);
      if (b.available) expect(out.text).toContain(b.verdict);
    }
  });

  it('--backend forces a choice, and rejects unknown names', async () => {
    const out = await command.run({ positionals: [], flags: { backend: 'cpu' } }, log);
    expect(out.json).toMatchObject({ chosen: 'cpu', forced: true });
    expect(out.text).toContain('chosen: cpu (forced)');
    await expect(command.run({ positionals: [], flags: { backend: 'tpu' } }, log)).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
