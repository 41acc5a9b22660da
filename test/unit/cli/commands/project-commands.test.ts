import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command as datasets } from '../../../../src/main/cli/commands/datasets.ts';
import { command as projectCreate } from '../../../../src/main/cli/commands/project-create.ts';
import { command as projectInfo } from '../../../../src/main/cli/commands/project-info.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import type { DatasetSummary, ProjectInfo } from '../../../../src/shared/dto.ts';
import { writeSynthetic } from '../../engine/store/synthetic-dataset.ts';
import { tempDir } from '../../engine/store/temp-project.ts';

const args = (...positionals: string[]) => ({ positionals, flags: {} });
const quiet = () => {};

describe('project and datasets commands', () => {
  const { dir, cleanup } = tempDir();
  afterEach(() => cleanup());

  it('creates a project, refuses to overwrite it, and reports info and per-class × SNR counts', async () => {
    const file = join(dir, 'cli.amrproj');
    const created = await projectCreate.run(args(file), quiet);
    expect((created.json as ProjectInfo).datasets).toBe(0);
    await expect(projectCreate.run(args(file), quiet)).rejects.toMatchObject({ code: 'VALIDATION' });

    const store = openProject(file);
    writeSynthetic(store, { perGroup: 3, length: 8, classes: ['BPSK', 'QPSK'], snrs: [-2, 4] });
    store.close();

    const info = await projectInfo.run(args(file), quiet);
    expect(info.json).toMatchObject({ datasets: 1, samples: 12, models: 0 });
    expect(info.text).toMatch(/samples\s+12/);

    const listed = await datasets.run(args(file), quiet);
    const [summary] = listed.json as DatasetSummary[];
    expect(summary).toMatchObject({ classes: ['BPSK', 'QPSK'], snrs: [-2, 4], counts: [[3, 3], [3, 3]], count: 12 });
    expect(listed.text).toMatch(/BPSK\s+3\s+3\s+6/);
    await expect(datasets.run(args(), quiet)).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
