#!/usr/bin/env node
// Runs the CLI straight from the TypeScript sources, so `npx amr-studio` works right after
// `npm ci` with no build step.
import './register-ts.mjs';

const { main } = await import('../src/main/cli.ts');
process.exitCode = await main(process.argv.slice(2));
