// Lets plain Node run the TypeScript sources: `node --import ./bin/register-ts.mjs file.ts`.
// Used by the CLI, job processes started from sources, and the benchmarks.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
// Registered last so it runs first, ahead of the TypeScript loader.
registerHooks('./plain-esm-hook.mjs', import.meta.url);
