import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/main/engine/engine.ts';
import { tempDir } from './store/temp-project.ts';

describe('createEngine', () => {
  const { dir, cleanup } = tempDir();
  afterEach(() => cleanup());

  it('opens (or creates) the project, logs, and closes it on dispose', () => {
    const lines: string[] = [];
    const file = join(dir, 'e.amrproj');
    expect(() => createEngine({ projectPath: file })).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
    {
      using engine = createEngine({ projectPath: file, create: true, log: (l) => lines.push(l) });
      expect(engine.projectPath).toBe(file);
      expect(engine.store.info().datasets).toBe(0);
      engine.store.createJob({ kind: 'train', config: {}, seed: 1 });
    }
    expect(lines).toEqual([`opened project ${file}`]);
    const engine = createEngine({ projectPath: file });
    expect(engine.store.listJobs()).toHaveLength(1);
    engine.dispose();
    engine.dispose();
    expect(() => engine.store.listJobs()).toThrow(/closed/);
  });
});
