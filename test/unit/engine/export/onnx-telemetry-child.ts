// Child of onnx-telemetry.test.ts: one onnxruntime session (a single Relu) in a fresh process.
import { loadOnnx } from '../../../../src/main/engine/export/onnx-runtime.ts';
import { encodeModel } from '../../../../src/main/engine/export/onnx/encode.ts';

const floatType = 1;
const bytes = encodeModel({
  opsetVersion: 17,
  producerName: 'telemetry-probe',
  producerVersion: '1',
  metadata: {},
  graph: {
    name: 'relu',
    nodes: [{ name: 'relu', opType: 'Relu', inputs: ['x'], outputs: ['y'], attributes: {} }],
    initializers: new Map(),
    inputs: [{ name: 'x', elemType: floatType, shape: [1, 4] }],
    outputs: [{ name: 'y', elemType: floatType, shape: [1, 4] }],
  },
});
const runner = await loadOnnx(bytes, 'probe');
const y = await runner.run(Float32Array.from([-1, 2, -3, 4]), 1, [4]);
await runner.release();
console.log(JSON.stringify({ pid: process.pid, y: Array.from(y) }));
