// TF.js's webgpu backend on a Dawn device this module opens itself: the adapter is the one the
// probe described, the device asks for the adapter's full limits (large batches need large
// buffers), synchronous reads work under Node, and a device error stops the job instead of
// leaving wrong numbers behind.
import { tf } from '../tfjs.ts';
import { loadDawn } from './dawn.ts';
import { pumpDawnEventsUntil } from './dawn-event-pump.ts';
import type { DawnAdapter } from './webgpu-adapter.ts';

export const webgpuTfjsPackage = '@tensorflow/tfjs-backend-webgpu';

/** Below the cpu backend's priority: TF.js must never start this one unasked. */
const PRIORITY = -1;

/** A synchronous read waits at most this long for the GPU. */
const READ_TIMEOUT_MS = 120_000;

/** The backend's members this module drives (private in its typings). */
interface BackendInternals {
  tensorMap: { get(dataId: object): { values: unknown; dtype: tf.DataType; resource?: unknown } };
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBuffer; releaseBuffer(buffer: GPUBuffer): void };
  commandEncoder: GPUCommandEncoder | null;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  convertAndCacheOnCPU(dataId: object, values: tf.backend_util.BackendValues): tf.backend_util.BackendValues;
  readSync(dataId: object): tf.backend_util.BackendValues;
  read(dataId: object): Promise<tf.backend_util.BackendValues>;
}

let deviceError: string | null = null;

/** Throws the first error the device reported since the last call (validation, out of memory, loss). */
export function throwIfDeviceFailed(): void {
  if (deviceError === null) return;
  const message = deviceError;
  deviceError = null;
  throw new Error(`the GPU reported: ${message}`);
}

function watchDevice(device: GPUDevice): void {
  device.addEventListener('uncapturederror', (event) => {
    deviceError ??= (event as GPUUncapturedErrorEvent).error.message.split('\n')[0]!;
  });
  void device.lost.then((info) => {
    deviceError ??= `device lost (${info.reason}): ${info.message}`;
  });
}

/**
 * Copies the tensor's buffer into a mappable one and runs Dawn's event ticks on this thread until
 * the copy is mapped (dawn-event-pump.ts), instead of the stock path through a browser canvas.
 */
function readSyncOnDevice(backend: BackendInternals, dataId: object): tf.backend_util.BackendValues {
  throwIfDeviceFailed();
  const data = backend.tensorMap.get(dataId);
  if (data.values != null || data.dtype === 'string' || data.dtype === 'complex64') return stock.readSync.call(backend, dataId);
  const source = data.resource as GPUBuffer;
  const staging = backend.bufferManager.acquireBuffer(source.size, GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ);
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.commandEncoder!.copyBufferToBuffer(source, 0, staging, 0, source.size);
  backend.submitQueue();
  let failure: unknown = null;
  staging.mapAsync(GPUMapMode.READ).catch((e: unknown) => {
    failure = e;
  });
  pumpDawnEventsUntil(() => staging.mapState !== 'pending', READ_TIMEOUT_MS, 'reading a tensor from the GPU');
  throwIfDeviceFailed();
  if (staging.mapState !== 'mapped') throw new Error(`reading a tensor from the GPU failed: ${String(failure ?? 'buffer not mapped')}`);
  const bytes = staging.getMappedRange().slice(0);
  staging.unmap();
  backend.bufferManager.releaseBuffer(staging);
  return backend.convertAndCacheOnCPU(dataId, tf.util.convertBackendValuesAndArrayBuffer(bytes, data.dtype));
}

/** The backend's own read methods, which ours wrap. */
let stock: Pick<BackendInternals, 'readSync' | 'read'>;
let registered: Promise<void> | null = null;

/**
 * Registers the 'webgpu' backend with TF.js (and its kernels, by loading the package), opening
 * the device when TF.js first starts it.
 */
export function registerWebgpuBackend(): Promise<void> {
  registered ??= (async () => {
    const gpu = await loadDawn();
    const nav = ((globalThis as { navigator?: object }).navigator ??= {}) as { gpu?: GPU };
    // The package registers its kernels on import, and its own factory only where navigator.gpu exists.
    if (!nav.gpu) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    const { WebGPUBackend } = (await import(webgpuTfjsPackage)) as typeof import('@tensorflow/tfjs-backend-webgpu');
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    tf.registerBackend(
      'webgpu',
      async () => {
        const adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' })) as DawnAdapter | null;
        if (!adapter) throw new Error('Dawn found no GPU adapter');
        const l = adapter.limits;
        const device = await adapter.requestDevice({
          requiredLimits: {
            maxBufferSize: l.maxBufferSize,
            maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
            maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
            maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
            maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
            maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
          },
        });
        watchDevice(device);
        const backend = new WebGPUBackend(device, adapter.info) as unknown as BackendInternals;
        stock ??= Object.getPrototypeOf(backend) as typeof stock;
        backend.readSync = (dataId: object) => readSyncOnDevice(backend, dataId);
        backend.read = async (dataId: object) => {
          throwIfDeviceFailed();
          const values = await stock.read.call(backend, dataId);
          throwIfDeviceFailed();
          return values;
        };
        return backend as unknown as tf.KernelBackend;
      },
      PRIORITY,
    );
  })().catch((e: unknown) => {
    registered = null;
    throw e;
  });
  return registered;
}
