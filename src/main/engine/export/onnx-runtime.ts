import * as ort from 'onnxruntime-node';
import { AppError } from '../../../shared/errors.ts';

// The library's built-in telemetry SDK writes an empty /tmp/mat-debug-<pid>.log (or under
// $TMPDIR) for every process that creates a session; this variable, read when the library sets
// up its environment at the first session, turns it off. A value the user set is kept.
process.env['ORT_DISABLE_TELEMETRY'] ??= '1';

/** An ONNX file loaded into onnxruntime-node, with one float input and one float output. */
export interface OnnxRunner {
  readonly inputName: string;
  readonly outputName: string;
  /** Runs `count` samples laid out contiguously with per-sample shape `sampleShape`; returns the flat output. */
  run(x: Float32Array, count: number, sampleShape: number[]): Promise<Float32Array>;
  /** Every named tensor at once (used by calibration, which adds intermediate outputs). */
  runAll(x: Float32Array, count: number, sampleShape: number[]): Promise<Record<string, Float32Array>>;
  release(): Promise<void>;
}

export async function loadOnnx(bytes: Uint8Array, what = 'ONNX model', threads = 1): Promise<OnnxRunner> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  } catch (err) {
    throw new AppError('BAD_FILE', `${what}: onnxruntime refused it: ${err instanceof Error ? err.message : String(err)}`);
  }
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  const feed = (x: Float32Array, count: number, sampleShape: number[]) => {
    const size = sampleShape.reduce((a, b) => a * b, 1);
    if (x.length < count * size) throw new AppError('VALIDATION', `${what}: ${count} samples of ${size} values need ${count * size} floats, got ${x.length}`);
    return { [inputName]: new ort.Tensor('float32', x.subarray(0, count * size), [count, ...sampleShape]) };
  };
  return {
    inputName,
    outputName,
    async run(x, count, sampleShape) {
      const result = await session.run(feed(x, count, sampleShape), [outputName]);
      return Float32Array.from(result[outputName]!.data as Float32Array);
    },
    async runAll(x, count, sampleShape) {
      const result = await session.run(feed(x, count, sampleShape));
      return Object.fromEntries(Object.entries(result).map(([k, t]) => [k, t.data as Float32Array]));
    },
    release: () => session.release(),
  };
}
