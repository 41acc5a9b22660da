// Source for `new Worker(script, { eval: true })` that loads a worker thread's entry module.
// Worker threads do not inherit the TypeScript loader: from sources the loader is registered
// first; in the built app the entry is a bundle beside the process's own entry script.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * callerUrl: import.meta.url of the module starting the thread; entry: the entry's file name
 * beside it without extension, which is also the bundle's name.
 */
export function workerScript(callerUrl: string, entry: string): string {
  const caller = fileURLToPath(callerUrl);
  if (caller.endsWith('.ts')) {
    const loader = pathToFileURL(fileURLToPath(new URL('../../../../bin/register-ts.mjs', import.meta.url))).href;
    const source = pathToFileURL(join(dirname(caller), `${entry}.ts`)).href;
    return `import(${JSON.stringify(loader)}).then(() => import(${JSON.stringify(source)}))`;
  }
  const bundle = pathToFileURL(join(dirname(process.argv[1] ?? ''), `${entry}.js`)).href;
  return `import(${JSON.stringify(bundle)})`;
}
