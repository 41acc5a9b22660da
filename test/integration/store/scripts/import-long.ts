// Child process: imports one raw cf32 capture into a project (1024-sample windows) and prints
// the outcome as JSON. With a gate file named, the import writes everything, then waits for
// that file to exist before its final commit: the test decides when it ends. Killed mid-way by
// the crash test.
import { existsSync } from 'node:fs';
import { importFile, type ImportTarget } from '../../../../src/main/engine/io/registry.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { toErrorData } from '../../../../src/shared/errors.ts';

const [projectPath, file, gate] = process.argv.slice(2) as [string, string, string | undefined];
const store = openProject(projectPath);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

const target: ImportTarget = {
  listDatasets: () => store.listDatasets(),
  beginDataset(draft) {
    const writer = store.beginDataset(draft);
    if (!gate) return writer;
    return {
      get datasetId() {
        return writer.datasetId;
      },
      get count() {
        return writer.count;
      },
      get contentHash() {
        return writer.contentHash;
      },
      classIndex: (name) => writer.classIndex(name),
      append: (data, meta) => writer.append(data, meta),
      abort: () => writer.abort(),
      commit(options) {
        while (!existsSync(gate)) Atomics.wait(sleeper, 0, 0, 20);
        return writer.commit(options);
      },
    };
  },
};

const started = performance.now();
try {
  const r = await importFile(target, file, { options: { windowLength: 1024, label: 'chirp' } });
  console.log(JSON.stringify({ ok: true, datasetId: r.dataset.id, count: r.dataset.count, seconds: (performance.now() - started) / 1000 }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, ...toErrorData(e) }));
} finally {
  store.close();
}
