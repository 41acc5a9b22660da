// A helper thread of data-parallel training: holds a replica of the model, and per step takes
// the leader's current weights and one batch shard and returns that shard's loss and gradients;
// for validation it takes every weight (moving statistics too) and returns a shard's logits.
// It never updates weights itself; the leader applies the averaged gradients.
import { parentPort } from 'node:worker_threads';
import type { BackendName } from '../../../../shared/dto.ts';
import { initBackend } from '../backend/index.ts';
import { dropoutPositions, restoreDropoutPositions } from '../models/layers.ts';
import { buildModel } from '../models/registry.ts';
import type { ModelSpec } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import { shardGradients, shardLogits, weightLayout, writeAllWeights, writeTrainable, type ShardInput } from './shard-gradients.ts';
import { ANSWERED_STEP, POSTED_STEP, announce, spinWhile } from './thread-handoff.ts';

export type ReplicaRequest =
  /** `dropout`: where its dropout layers stand (a resumed run continues their masks) */
  | { kind: 'init'; spec: ModelSpec; seed: number; backend: BackendName; layout: string[]; counters: Int32Array; dropout?: number[] }
  | { kind: 'step'; step: number; weights: Float32Array; shard: ShardInput; length: number; numClasses: number; microBatch: number }
  /** `weights`: readAllWeights's concatenation */
  | { kind: 'logits'; step: number; weights: Float32Array; shard: { x: Float32Array; n: number }; length: number };

export type ReplicaReply =
  | { kind: 'ready' }
  /** `dropout`: where its dropout layers stand after the step, for checkpoints */
  | { kind: 'gradients'; loss: number; hits: number; gradients: Float32Array; dropout: number[] }
  | { kind: 'logits'; logits: Float32Array }
  | { kind: 'error'; message: string };

const port = parentPort;
if (!port) throw new Error('replica-worker runs as a worker thread');

/**
 * Longest this thread spins for the leader's next step after answering one (thread-handoff.ts):
 * the leader's optimizer update and next batch take a few milliseconds; past this, sleep.
 */
const NEXT_STEP_SPIN_MS = 50;

let model: tfl.LayersModel | null = null;
let counters: Int32Array | null = null;

async function handle(request: ReplicaRequest): Promise<ReplicaReply> {
  if (request.kind === 'init') {
    await initBackend({ force: request.backend });
    counters = request.counters;
    model = buildModel(request.spec, { seed: request.seed });
    if (request.dropout) restoreDropoutPositions(model, request.dropout);
    const layout = weightLayout(model);
    const first = layout.findIndex((w, i) => w !== request.layout[i]);
    if (first >= 0 || layout.length !== request.layout.length) {
      const at = first >= 0 ? first : Math.min(layout.length, request.layout.length);
      return { kind: 'error', message: `replica weights differ from the leader's at weight ${at}: ${layout[at] ?? 'none'} vs ${request.layout[at] ?? 'none'}` };
    }
    return { kind: 'ready' };
  }
  if (!model) return { kind: 'error', message: `${request.kind} before init` };
  if (request.kind === 'logits') {
    writeAllWeights(model, request.weights);
    return { kind: 'logits', logits: shardLogits(model, request.shard, request.length) };
  }
  writeTrainable(model, request.weights);
  const result = shardGradients(model, request.shard, request.length, request.numClasses, request.microBatch);
  return { kind: 'gradients', ...result, dropout: dropoutPositions(model) };
}

/** Posts the reply; after a step or logits, announces it and spins briefly for the next one. */
const answer = (request: ReplicaRequest, reply: ReplicaReply): void => {
  port.postMessage(reply, reply.kind === 'gradients' ? [reply.gradients.buffer as ArrayBuffer] : []);
  if (request.kind !== 'init' && counters) {
    announce(counters, ANSWERED_STEP, request.step);
    spinWhile(counters, POSTED_STEP, request.step, NEXT_STEP_SPIN_MS);
  }
};

port.on('message', (request: ReplicaRequest) => {
  handle(request).then(
    (reply) => answer(request, reply),
    (error: unknown) => answer(request, { kind: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
