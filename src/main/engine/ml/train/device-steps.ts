// Training steps where the tensors live on a device (webgpu, the native TensorFlow library). A
// step's forward pass, backward pass and optimizer update are queued there one after another and
// this thread never waits for them: the weights and the optimizer state stay on the device, and
// the next batch is uploaded while the device still works on the previous steps. The loss and the
// hit count are summed on the device and read back every `readEvery` steps, asynchronously, so by
// the time the figures are awaited the device has long finished them and has newer steps queued.
import { AppError } from '../../../../shared/errors.ts';
import { dropoutPositions, restoreDropoutPositions } from '../models/layers.ts';
import { tf } from '../tfjs.ts';
import type { StepResult, StepRunner, StepRunnerOptions, StepTally } from './step-runner.ts';
import { shardVariableGrads, type ShardInput } from './shard-gradients.ts';

/** Steps between two read-backs of the loss, unless the caller says otherwise. */
export const DEFAULT_READ_EVERY = 16;

/** Sums of the steps queued since the last read-back, on the device. */
interface DeviceSums {
  lossSum: tf.Scalar;
  hits: tf.Scalar;
  samples: number;
  steps: number;
}

function mergeTallies(parts: StepTally[]): StepTally | null {
  if (parts.length === 0) return null;
  return parts.reduce((a, b) => ({ lossSum: a.lossSum + b.lossSum, hits: a.hits + b.hits, samples: a.samples + b.samples }));
}

export function startDeviceStepRunner(o: StepRunnerOptions & { readEvery?: number }): StepRunner {
  const applyTensors = o.optimizer.applyTensors?.bind(o.optimizer);
  if (!applyTensors) throw new AppError('VALIDATION', `the ${tf.getBackend()} backend needs an optimizer that updates the weights on the device`);
  const readEvery = Math.max(1, Math.floor(o.readEvery ?? DEFAULT_READ_EVERY));
  if (o.dropout?.[0]) restoreDropoutPositions(o.model, o.dropout[0]);
  let sums: DeviceSums | null = null;
  let inFlight: Promise<StepTally> | null = null;

  function queue(b: ShardInput): void {
    const previous = sums;
    const [lossSum, hits] = tf.tidy(() => {
      const { value, grads, correct } = shardVariableGrads(o.model, b, o.length, o.numClasses);
      applyTensors!(grads);
      const weighted = tf.mul(value, b.n) as tf.Scalar;
      const counted = previous ? (tf.add(previous.hits, correct) as tf.Scalar) : tf.clone(correct);
      correct.dispose();
      return [previous ? (tf.add(previous.lossSum, weighted) as tf.Scalar) : weighted, counted];
    });
    if (previous) tf.dispose([previous.lossSum, previous.hits]);
    sums = { lossSum, hits, samples: (previous?.samples ?? 0) + b.n, steps: (previous?.steps ?? 0) + 1 };
  }

  /** Starts reading the sums back and restarts them from zero. */
  function startRead(): Promise<StepTally> {
    const s = sums!;
    sums = null;
    const both = tf.stack([s.lossSum, s.hits]);
    tf.dispose([s.lossSum, s.hits]);
    return both.data().then(
      (v) => {
        both.dispose();
        return { lossSum: v[0]!, hits: v[1]!, samples: s.samples };
      },
      (e: unknown) => {
        both.dispose();
        throw e;
      },
    );
  }

  async function drain(): Promise<StepTally | null> {
    const parts: StepTally[] = [];
    if (inFlight) {
      const pending = inFlight;
      inFlight = null;
      parts.push(await pending);
    }
    if (sums) parts.push(await startRead());
    return mergeTallies(parts);
  }

  return {
    threads: 1,
    async step(b): Promise<StepResult> {
      if (sums || inFlight) throw new AppError('JOB_FAILED', 'step() called while queued steps are unread: drain() them first');
      queue(b);
      const t = (await drain())!;
      return { loss: t.lossSum / t.samples, hits: t.hits };
    },
    async queueStep(b) {
      queue(b);
      if (sums!.steps < readEvery) return null;
      const previous = inFlight;
      inFlight = startRead();
      return previous ? await previous : null;
    },
    drain,
    async logits(b) {
      const out = tf.tidy(() => o.model.apply(tf.tensor3d(b.x, [b.n, 2, o.length]), { training: false }) as tf.Tensor);
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    dropoutPositions: () => [dropoutPositions(o.model)],
    async dispose() {
      await inFlight?.catch(() => undefined);
      inFlight = null;
      if (sums) tf.dispose([sums.lossSum, sums.hits]);
      sums = null;
    },
  };
}
