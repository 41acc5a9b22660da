// The compute backend ladder: tensorflow → webgpu → wasm → cpu. Picks the best one that works
// (or the one the user forces with opts.force or AMR_BACKEND) and says why the others were not used.
// Through the engine's single TF.js entry: it also loads tfjs-layers, whose bundle registers the
// gradient functions that tfjs-core's Node entry lacks, so every backend can train.
import { tf } from '../tfjs.ts';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { AppError } from '../../../../shared/errors.ts';
import type { BackendName, BackendReport, BackendStatus } from '../../../../shared/dto.ts';
import { registerWasmTrainingKernels } from '../kernels/index.ts';
import { backendLadder, probeAll, wasmBinaryDir, type Probed } from './probe.ts';
import { registerWebgpuBackend } from './webgpu-backend.ts';

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

/** Why each rung is or is not the one used, once the ladder has chosen. */
function withVerdicts(probed: Probed[], chosen: BackendName, forced: boolean): BackendStatus[] {
  const chosenAt = probed.findIndex((b) => b.name === chosen);
  return probed.map((b, i) => {
    let verdict: string;
    if (b.name === chosen) verdict = forced ? `used: forced (--backend or ${BACKEND_ENV})` : 'used: the best backend that works here';
    else if (!b.available) verdict = `not used: ${b.detail}`;
    else if (forced) verdict = `not used: ${chosen} was forced`;
    else if (i > chosenAt) verdict = `not used: ${chosen} comes first`;
    else verdict = `not used: ${b.passedOver ?? 'passed over'}`;
    return { ...b, verdict };
  });
}

/** Every backend, available or not and why, and the one initBackend would choose. */
export async function probeBackends(opts: { force?: BackendName } = {}): Promise<BackendReport> {
  const probed = await probeAll();
  const requested = requestedBackend(opts.force);
  if (requested) {
    const status = probed.find((b) => b.name === requested)!;
    if (!status.available) {
      throw new AppError('BACKEND', `backend ${requested} was requested but is not available: ${status.detail}`);
    }
    return { backends: withVerdicts(probed, requested, true), chosen: requested, forced: true };
  }
  const chosen = probed.find((b) => b.available && !b.passedOver)!.name;
  return { backends: withVerdicts(probed, chosen, false), chosen, forced: false };
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
  if (name === 'webgpu') await registerWebgpuBackend();
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
