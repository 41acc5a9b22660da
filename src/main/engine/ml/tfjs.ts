// The one place the engine imports TensorFlow.js from, so every module shares one engine
// instance and the CPU kernels are always registered as the fallback backend.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

export { tf, tfl };
