// Throughput of the synthetic RadioML generator: prints one JSON document.
import { generateDataset } from '../src/main/engine/dsp/synth/generate.ts';
import { RML2016_SNRS, RML2018_SNRS, type PresetName } from '../src/main/engine/dsp/synth/presets.ts';

interface Figure {
  preset: PresetName;
  length: number;
  vectors: number;
  seconds: number;
  vectorsPerSecond: number;
  /** vectors per second of this process's CPU time: the figure to compare on a shared machine */
  vectorsPerCpuSecond: number;
}

function run(preset: PresetName, length: number, perKey: number): Figure {
  const snrs = [...(preset === 'rml2018' ? RML2018_SNRS : RML2016_SNRS)];
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let checksum = 0;
  const summary = generateDataset({ preset, snrs, perKey, length, seed: 2016 }, (_c, _s, vectors) => {
    checksum += vectors[0];
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (!Number.isFinite(checksum)) throw new Error('generator produced non-finite values');
  return {
    preset,
    length,
    vectors: summary.vectors,
    seconds: +seconds.toFixed(3),
    vectorsPerSecond: Math.round(summary.vectors / seconds),
    vectorsPerCpuSecond: Math.round(summary.vectors / cpuSeconds),
  };
}

// a short warm-up so the figures measure compiled code
run('rml2016', 128, 2);
const results = [run('rml2016', 128, 100), run('rml2016', 1024, 10), run('rml2018', 1024, 4)];
console.log(JSON.stringify({ bench: 'generate', node: process.version, results }, null, 2));
