import { describe, expect, it } from 'vitest';
import { explainTensorflowLoadError } from '../../../../../src/main/engine/ml/backend/tensorflow-load-error.ts';

const gpu = '@tensorflow/tfjs-node-gpu';

describe('why the native TensorFlow bindings did not load', () => {
  it('names the missing CUDA 11 library and the versions tfjs-node-gpu needs', () => {
    const msg = 'libcudart.so.11.0: cannot open shared object file: No such file or directory';
    expect(explainTensorflowLoadError(gpu, msg)).toBe(`libcudart.so.11.0 not found: ${gpu} needs CUDA 11.2 + cuDNN 8.1 (libtensorflow 2.9) on the library path`);
    expect(explainTensorflowLoadError(gpu, 'Error: libcudnn.so.8: cannot open shared object file')).toMatch(/^libcudnn\.so\.8 not found: .*cuDNN 8\.1/);
    expect(explainTensorflowLoadError(gpu, 'libcublasLt.so.11: cannot open shared object file')).toMatch(/^libcublasLt\.so\.11 not found/);
  });

  it('says when the package was installed without its libtensorflow download', () => {
    const msg = 'The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/lib/napi-v8/tfjs_binding.node';
    expect(explainTensorflowLoadError(gpu, msg)).toMatch(/installed without its libtensorflow.*reinstall/);
  });

  it('passes any other failure on, first line only, with the package named', () => {
    expect(explainTensorflowLoadError('@tensorflow/tfjs-node', 'GLIBC_2.38 not found\nstack…')).toBe('@tensorflow/tfjs-node failed to load: GLIBC_2.38 not found');
  });
});
