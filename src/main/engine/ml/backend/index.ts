// The compute backend ladder: tensorflow → webgpu → wasm → cpu. Picks the best one that works
// (or the one the user forces with opts.force or AMR_BACKEND) and says why the others were not used.
// Through the engine's single TF.js entry: it also loads tfjs-layers, whose bundle registers the
// gradient functions that tfjs-core's Node entry lacks, so every backend can train.
import { tf } from '../tfjs.ts';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { AppError } from '../../../../shared/errors.ts';
import type { BackendName, BackendReport } from '../../../../shared/dto.ts';
import { registerWasmTrainingKernels } from '../kernels/index.ts';
import { backendLadder, probeAll, wasmBinaryDir } from './probe.ts';

export { backendLadder } from './probe.ts';

export const BACKEND_ENV = 'AMR_BACKEND';

export function parseBackendName(value: string, source: string): BackendName {
  const name = value.trim().toLowerCase();
  if (!(backendLadder as readonly string[]).includes(name)) {
    throw new AppError('VALIDATION', `${source}: unknown backend "${value}", expected one of ${backendLadder.join(', ')}`);
  }
  return name as BackendName;
}

/** The backend requested by opts.force, else by the AMR_BACKEND environment variable, else none. */
function requestedBackend(force: BackendName | undefined): BackendName | undefined {
  if (force) return parseBackendName(force, 'force');
  const fromEnv = process.env[BACKEND_ENV];
  return fromEnv ? parseBackendName(fromEnv, BACKEND_ENV) : undefined;
}

/** Every backend, available or not and why, and the one initBackend would choose. */
export async function probeBackends(opts: { force?: BackendName } = {}): Promise<BackendReport> {
  const backends = await probeAll();
  const requested = requestedBackend(opts.force);
  if (requested) {
    const status = backends.find((b) => b.name === requested)!;
    if (!status.available) {
      throw new AppError('BACKEND', `backend ${requested} was requested but is not available: ${status.detail}`);
    }
    return { backends, chosen: requested, forced: true };
  }
  const chosen = backends.find((b) => b.available)!.name;
  return { backends, chosen, forced: false };
}

let wasmPathsSet = false;

async function activate(name: BackendName): Promise<void> {
  if (name === 'wasm') {
    if (!wasmPathsSet) {
      // Point the loader at the package's own dist folder: works from sources and from a bundle.
      setWasmPaths(wasmBinaryDir());
      wasmPathsSet = true;
    }
    registerWasmTrainingKernels();
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    throw new AppError('BACKEND', `backend ${name} failed to start: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!ok) throw new AppError('BACKEND', `backend ${name} failed to start`);
  await tf.ready();
}

/** Chooses a backend (see probeBackends), makes it TF.js's current backend and reports the choice. */
export async function initBackend(opts: { force?: BackendName } = {}): Promise<BackendReport> {
  const report = await probeBackends(opts);
  await activate(report.chosen);
  return report;
}
