// `npm run fuzz -- [--engine fast-check|jazzer] --minutes N [--seed S]`: fuzzes every importer
// for N minutes in all and prints a JSON report (executions, coverage, findings, load); exits 1
// when anything was found.
//   fast-check (default): mutated and truncated seed files, property-based (fast-check.ts;
//     --batch R inputs per child process).
//   jazzer: coverage-guided with Jazzer.js/libFuzzer, one target per importer (jazzer/run.ts;
//     --max-ms per input, --rss-mb per process; --targets a,b to pick some).
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'fast-check' },
    minutes: { type: 'string', default: '1' },
    seed: { type: 'string' },
    batch: { type: 'string', default: '200' },
    out: { type: 'string', default: 'test-output/fuzz' },
    'heap-mb': { type: 'string', default: '768' },
    'max-ms': { type: 'string', default: '5000' },
    'rss-mb': { type: 'string', default: '1536' },
    targets: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
const heapMb = Number(values['heap-mb']);

if (values.engine === 'jazzer') {
  // loaded only here: the fuzzer is a development dependency of this script alone
  const { runJazzer } = await import('./jazzer/run.ts');
  process.exitCode = (await runJazzer({ minutes, seed, out: values.out, heapMb, maxMs: Number(values['max-ms']), rssMb: Number(values['rss-mb']), targets: values.targets?.split(',') })) ? 1 : 0;
} else if (values.engine === 'fast-check') {
  const { runFastCheck } = await import('./fast-check.ts');
  process.exitCode = (await runFastCheck({ minutes, seed, batch: Number(values.batch), out: values.out, heapMb })) ? 1 : 0;
} else {
  throw new Error(`unknown fuzzing engine '${values.engine}': fast-check or jazzer`);
}
