// TF.js's own Adam and SGD behind the training optimizer interface, for backends that keep
// tensors on a device (webgpu, the native TensorFlow library): the update runs there, on the
// gradient tensors, instead of bringing every weight to this thread each step.
import type { NamedWeights } from '../persist/weights.ts';
import { tf, type tfl } from '../tfjs.ts';
import { adamDefaults, readState, slotNames, stateOf, trainableSlots, type OptimizerConfig, type TrainingOptimizer } from './optimizer.ts';
import { trainableSize } from './shard-gradients.ts';

export class DeviceOptimizer implements TrainingOptimizer {
  private readonly optimizer: tf.Optimizer;
  private rate: number;

  constructor(private readonly model: tfl.LayersModel, private readonly config: OptimizerConfig) {
    this.rate = config.learningRate;
    this.optimizer =
      config.optimizer === 'adam'
        ? tf.train.adam(config.learningRate, adamDefaults.beta1, adamDefaults.beta2, config.epsilon ?? adamDefaults.epsilon)
        : tf.train.momentum(config.learningRate, config.momentum ?? 0);
  }

  get learningRate(): number {
    return this.rate;
  }

  set learningRate(lr: number) {
    this.rate = lr;
    // Momentum keeps the rate in a tensor behind a setter; Adam reads a plain field.
    if (this.config.optimizer === 'sgd') (this.optimizer as tf.MomentumOptimizer).setLearningRate(lr);
    else (this.optimizer as unknown as { learningRate: number }).learningRate = lr;
  }

  get iterations(): number {
    return (this.optimizer as unknown as { iterations: number }).iterations;
  }

  apply(flat: Float32Array): void {
    tf.tidy(() => {
      const named: tf.NamedTensorMap = {};
      let offset = 0;
      for (const w of this.model.trainableWeights) {
        const v = w.read() as tf.Variable;
        named[v.name] = tf.tensor(flat.subarray(offset, offset + v.size), v.shape, 'float32');
        offset += v.size;
      }
      this.optimizer.applyGradients(named);
    });
  }

  applyTensors(gradients: tf.NamedTensorMap): void {
    this.optimizer.applyGradients(gradients);
  }

  async state(): Promise<NamedWeights> {
    const slots = slotNames(this.config);
    const [iter, ...variables] = await this.optimizer.getWeights();
    // TF.js creates its slot variables on the first step; before that the state is zeros.
    const flats = slots.map(() => new Float32Array(trainableSize(this.model)));
    const perSlot = variables.length / slots.length;
    let offset = 0;
    variables.forEach(({ tensor }, i) => {
      if (i % perSlot === 0) offset = 0;
      flats[Math.floor(i / perSlot)]!.set(tensor.dataSync(), offset);
      offset += tensor.size;
    });
    const iterations = iter!.tensor.dataSync()[0]!;
    iter!.tensor.dispose();
    return stateOf(this.model, iterations, slots.map((s, k) => [s, flats[k]!]));
  }

  async restore(state: NamedWeights, where: string): Promise<void> {
    const flats = slotNames(this.config).map(() => new Float32Array(trainableSize(this.model)));
    const iterations = readState(this.model, state, where, flats);
    const named: { name: string; tensor: tf.Tensor }[] = [{ name: 'iter', tensor: tf.scalar(iterations) }];
    for (const [k, suffix] of slotNames(this.config).entries()) {
      let offset = 0;
      for (const s of trainableSlots(this.model)) {
        named.push({ name: `${s.name}/${suffix}`, tensor: tf.tensor(flats[k]!.subarray(offset, offset + s.size), s.shape) });
        offset += s.size;
      }
    }
    await this.optimizer.setWeights(named);
    // setWeights made variables of the slot tensors; these inputs are ours to free.
    tf.dispose(named.map((n) => n.tensor));
  }

  dispose(): void {
    this.optimizer.dispose();
    // TF.js's momentum optimizer keeps its learning-rate tensor past its own dispose().
    if (this.config.optimizer === 'sgd') (this.optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
  }
}
