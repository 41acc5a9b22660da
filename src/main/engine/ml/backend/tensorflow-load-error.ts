// Why the native TensorFlow bindings did not load, in terms a user can act on. tfjs-node-gpu 4.22
// runs libtensorflow 2.9, built for CUDA 11.2 and cuDNN 8.1: a machine with only CUDA 12 libraries
// fails on the first CUDA 11 library the loader looks for.

/** The CUDA toolkit and cuDNN that @tensorflow/tfjs-node-gpu 4.22's libtensorflow 2.9 was built against. */
export const TFJS_NODE_GPU_NEEDS = 'CUDA 11.2 + cuDNN 8.1';

const CUDA_LIBRARY = /lib(?:cudart|cublasLt|cublas|cudnn\w*|cufft|curand|cusolver|cusparse|nvinfer)\.so(?:\.[\d.]+)?/;

export function explainTensorflowLoadError(pkg: string, message: string): string {
  const cuda = CUDA_LIBRARY.exec(message);
  if (cuda) return `${cuda[0]} not found: ${pkg} needs ${TFJS_NODE_GPU_NEEDS} (libtensorflow 2.9) on the library path`;
  if (/tfjs_binding\.node|libtensorflow\.so/.test(message)) {
    return `${pkg} is installed without its libtensorflow (downloaded at install time, which failed or was skipped): reinstall it where storage.googleapis.com is reachable`;
  }
  return `${pkg} failed to load: ${message.split('\n')[0]}`;
}
