// Loss terms a layer adds to the training objective besides the cross-entropy of the logits
// (DiffPool's link-prediction and entropy terms). A layer offers them only while a training pass
// collects them, so passes outside the training loop (scores, evaluations) leave nothing behind.
import { tf } from '../tfjs.ts';

let collecting: tf.Scalar[] | null = null;

/** Whether a pass is collecting auxiliary losses now (layers skip computing them otherwise). */
export function collectingAuxiliaryLosses(): boolean {
  return collecting !== null;
}

/** Kept: a model's apply() frees whatever of a pass is not its output. */
export function addAuxiliaryLoss(loss: tf.Scalar): void {
  if (collecting) collecting.push(tf.keep(loss));
  else loss.dispose();
}

/** Runs one forward pass and returns the auxiliary losses its layers added, kept: the caller disposes them. */
export function withAuxiliaryLosses<T>(pass: () => T): { result: T; losses: tf.Scalar[] } {
  const outer = collecting;
  const losses: tf.Scalar[] = [];
  collecting = losses;
  try {
    return { result: pass(), losses };
  } finally {
    collecting = outer;
  }
}
