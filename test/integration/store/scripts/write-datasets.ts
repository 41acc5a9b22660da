// Child process for the store's integration tests: writes datasets into a project and reports
// each step on stdout. Every sample of dataset k holds the value k, so a reader can check it.
//   mode "crash": commits one small dataset, then writes a large one slowly and never commits;
//   mode "commits": commits `count` datasets one after another.
import { openProject } from '../../../../src/main/engine/store/project.ts';

const [file, mode, countArg] = process.argv.slice(2) as [string, 'crash' | 'commits', string | undefined];
const length = 128;
const store = openProject(file, { create: true });

function dataset(name: string, value: number, samples: number, batch: number, onBatch?: (done: number) => void) {
  const writer = store.beginDataset({ name, kind: 'generated', format: 'synthetic', sourcePath: null, sourceHash: name, length, params: { value } });
  const cls = writer.classIndex('A');
  const data = new Float32Array(batch * 2 * length).fill(value);
  for (let done = 0; done < samples; done += batch) {
    writer.append(data, Array.from({ length: batch }, (_, i) => ({ classIndex: cls, snr: value, sourceOffset: done + i })));
    onBatch?.(done + batch);
  }
  return writer;
}

if (mode === 'crash') {
  dataset('committed', 1, 3000, 500).commit();
  console.log('committed');
  dataset('half-written', 2, 10_000_000, 1000, (done) => {
    if (done % 20_000 === 0) console.log(`written ${done}`);
  });
} else {
  for (let k = 1; k <= Number(countArg); k++) {
    dataset(`d${k}`, k, 2000 + 500 * k, 500).commit();
    console.log(`committed ${k}`);
  }
  store.close();
}
