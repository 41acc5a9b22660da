// One import of a file into a project with --on-duplicate error semantics; prints its outcome as JSON.
import { importFile } from '../../../../src/main/engine/io/registry.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { toErrorData } from '../../../../src/shared/errors.ts';

const [projectPath, file] = process.argv.slice(2);
const store = openProject(projectPath);
try {
  const r = await importFile(store, file, { onDuplicate: 'error' });
  console.log(JSON.stringify({ ok: true, reused: r.reused, datasetId: r.dataset.id }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, ...toErrorData(e) }));
} finally {
  store.close();
}
