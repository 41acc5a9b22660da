// A helper thread of data-parallel training: holds a replica of the model, and per step takes
// the leader's current weights and one batch shard and returns that shard's loss and gradients.
// It never updates weights itself; the leader applies the averaged gradients.
import { parentPort } from 'node:worker_threads';
import type { BackendName } from '../../../../shared/dto.ts';
import { initBackend } from '../backend/index.ts';
import { buildModel } from '../models/registry.ts';
import type { ModelSpec } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import { shardGradients, trainableLayout, writeTrainable, type ShardInput } from './shard-gradients.ts';

export type ReplicaRequest =
  | { kind: 'init'; spec: ModelSpec; seed: number; backend: BackendName; layout: string[] }
  | { kind: 'step'; weights: Float32Array; shard: ShardInput; length: number; numClasses: number; microBatch: number };

export type ReplicaReply =
  | { kind: 'ready' }
  | { kind: 'gradients'; loss: number; hits: number; gradients: Float32Array }
  | { kind: 'error'; message: string };

const port = parentPort;
if (!port) throw new Error('replica-worker runs as a worker thread');

let model: tfl.LayersModel | null = null;

async function handle(request: ReplicaRequest): Promise<ReplicaReply> {
  if (request.kind === 'init') {
    await initBackend({ force: request.backend });
    model = buildModel(request.spec, { seed: request.seed });
    const layout = trainableLayout(model);
    const first = layout.findIndex((w, i) => w !== request.layout[i]);
    if (first >= 0 || layout.length !== request.layout.length) {
      const at = first >= 0 ? first : Math.min(layout.length, request.layout.length);
      return { kind: 'error', message: `replica weights differ from the leader's at weight ${at}: ${layout[at] ?? 'none'} vs ${request.layout[at] ?? 'none'}` };
    }
    return { kind: 'ready' };
  }
  if (!model) return { kind: 'error', message: 'step before init' };
  writeTrainable(model, request.weights);
  const result = shardGradients(model, request.shard, request.length, request.numClasses, request.microBatch);
  return { kind: 'gradients', ...result };
}

port.on('message', (request: ReplicaRequest) => {
  handle(request).then(
    (reply) => port.postMessage(reply, reply.kind === 'gradients' ? [reply.gradients.buffer as ArrayBuffer] : []),
    (error: unknown) => port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) } satisfies ReplicaReply),
  );
});
