// Shared by the export tests: the ONNX reference checker and a small learnable signal set.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createRng } from '../../../../src/main/engine/base/random.ts';

const PYTHON = '/usr/bin/python3';

/**
 * ONNX's own checker (Debian python3-onnx) is part of the export tests: where it is missing they
 * fail saying so, rather than pass without it.
 */
function requireOnnxChecker(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = probe.error?.message ?? probe.stderr.trim().split('\n').at(-1);
    throw new Error(`the ONNX checker cannot run: ${PYTHON} -c 'import onnx' failed (${why}); install python3-onnx`);
  }
}

const scratch = mkdtempSync(path.join(tmpdir(), 'amr-export-test-'));

export interface OnnxCheck {
  opset: number;
  ir: number;
  inputDims: Array<string | number>;
  metadata: Record<string, string>;
  ops: string[];
  initTypes: number[];
}

// Checks every file named on the command line and prints one JSON line per file, so one Python
// start-up (a second or more here) serves a whole test file.
const CHECK_SCRIPT = [
  'import onnx, sys, json',
  'for f in sys.argv[1:]:',
  '  try:',
  '    m = onnx.load(f)',
  '    onnx.checker.check_model(m, full_check=True)',
  '    d = m.graph.input[0].type.tensor_type.shape.dim',
  '    print(json.dumps({"opset": m.opset_import[0].version, "ir": m.ir_version,',
  '      "inputDims": [x.dim_param or x.dim_value for x in d],',
  '      "metadata": {p.key: p.value for p in m.metadata_props},',
  '      "ops": [n.op_type for n in m.graph.node], "initTypes": [t.data_type for t in m.graph.initializer]}))',
  '  except Exception as e:',
  '    print(json.dumps({"error": f + ": " + str(e)}))',
].join('\n');

/**
 * Runs onnx.checker.check_model(full_check=True) on each model and returns, by name, what the
 * reference parser reads back, or the checker's complaint.
 */
export function checkManyWithOnnx(models: Array<{ bytes: Uint8Array; name: string }>): Map<string, OnnxCheck | { error: string }> {
  requireOnnxChecker();
  const files = models.map(({ bytes, name }) => {
    const file = path.join(scratch, `${name}.onnx`);
    writeFileSync(file, bytes);
    return file;
  });
  const lines = execFileSync(PYTHON, ['-c', CHECK_SCRIPT, ...files], { encoding: 'utf8' }).trim().split('\n');
  return new Map(models.map(({ name }, k) => [name, JSON.parse(lines[k]!)]));
}

/** One model through the ONNX checker; throws with the checker's message when it fails. */
export function checkWithOnnx(bytes: Uint8Array, name: string): OnnxCheck {
  const result = checkManyWithOnnx([{ bytes, name }]).get(name)!;
  if ('error' in result) throw new Error(`ONNX checker: ${result.error}`);
  return result;
}

export interface SignalSet {
  x: Float32Array; // [n][2][L]
  y: Int32Array;
  snr: Float32Array;
  count: number;
}

/**
 * Four classes of complex tones at distinct normalised frequencies with random phase, in white
 * noise at SNRs from `snrs` (dB): learnable by a small CNN in a few epochs, so accuracy moves.
 */
export function toneSet(count: number, length: number, seed: number, snrs = [0, 5, 10]): SignalSet {
  const rng = createRng(seed);
  const freqs = [0, 0.125, 0.25, 0.5];
  const x = new Float32Array(count * 2 * length);
  const y = new Int32Array(count);
  const snr = new Float32Array(count);
  for (let s = 0; s < count; s++) {
    const c = rng.int(freqs.length);
    const snrDb = snrs[rng.int(snrs.length)]!;
    const noise = Math.sqrt(10 ** (-snrDb / 10) / 2);
    const phase = rng.next() * 2 * Math.PI;
    for (let t = 0; t < length; t++) {
      const a = 2 * Math.PI * freqs[c]! * t + phase;
      x[s * 2 * length + t] = Math.cos(a) + noise * rng.normal();
      x[s * 2 * length + length + t] = Math.sin(a) + noise * rng.normal();
    }
    y[s] = c;
    snr[s] = snrDb;
  }
  return { x, y, snr, count };
}

/** Trains briefly with a fixed seed-independent order (no shuffle) so runs are reproducible. */
export async function trainBriefly(model: tfl.LayersModel, x: Float32Array, y: Int32Array, count: number, sampleShape: number[], classes: number, epochs: number): Promise<void> {
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.tensor(x.subarray(0, count * sampleShape.reduce((a, b) => a * b, 1)), [count, ...sampleShape]);
  const ys = tf.oneHot(tf.tensor1d(y.subarray(0, count), 'int32'), classes);
  await model.fit(xs, ys, { epochs, batchSize: 32, shuffle: false, verbose: 0 });
  xs.dispose();
  ys.dispose();
}
