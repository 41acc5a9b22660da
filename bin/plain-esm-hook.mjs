// Module load hook: serves h5wasm's prebuilt ES modules as they are. The TypeScript loader would
// otherwise rewrite its 4 MB one-line wasm glue file (and build a source map of it) on every
// start, which costs seconds. h5wasm ships plain JavaScript, so nothing is lost.
import { readFile } from 'node:fs/promises';

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.includes('/node_modules/h5wasm/') && url.endsWith('.js')) {
    return { format: 'module', source: await readFile(new URL(url)), shortCircuit: true };
  }
  return nextLoad(url, context);
}
