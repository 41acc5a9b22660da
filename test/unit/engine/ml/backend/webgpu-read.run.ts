// Child process of webgpu-read.test.ts (started with a Vulkan driver in its environment):
// synchronous and asynchronous reads on the webgpu backend, and a device error surfacing.
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';

const report = await initBackend({ force: 'webgpu' });
const baseline = tf.memory().numTensors;
const n = 1 << 20;
const a = tf.tensor1d(Float32Array.from({ length: n }, (_, i) => i % 1000));
const sum = tf.add(a, a);
const slow = tf.mul(sum, 3);
// an asynchronous read in flight while a synchronous one waits for the GPU
const pending = slow.data();
const doubled = sum.dataSync() as Float32Array;
const tripled = (await pending) as Float32Array;
const ints = tf.tidy(() => tf.cast(tf.tensor1d([1.7, -2.2, 3.9]), 'int32'));
const flags = tf.tidy(() => tf.greater(tf.tensor1d([1, 5, 3]), 2));
const out = {
  chosen: report.chosen,
  doubledOk: doubled.every((v, i) => v === 2 * (i % 1000)),
  tripledOk: tripled.every((v, i) => v === 6 * (i % 1000)),
  ints: Array.from(ints.dataSync()),
  intsType: ints.dataSync().constructor.name,
  flags: Array.from(flags.dataSync()),
  leftOver: 0,
  deviceError: '',
};
tf.dispose([a, sum, slow, ints, flags]);
out.leftOver = tf.memory().numTensors - baseline;
// A command the device refuses: the next read says so instead of returning stale numbers.
const device = (tf.backend() as unknown as { device: GPUDevice }).device;
device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.MAP_WRITE });
const t = tf.add(tf.tensor1d([1, 2]), 1);
try {
  t.dataSync();
} catch (e) {
  out.deviceError = (e as Error).message;
}
console.log(JSON.stringify(out));
