import type * as tfl from '@tensorflow/tfjs-layers';

export interface ModelStats {
  params: number;
  /** multiply-accumulates for one sample (conv, dense, recurrent and unfolded batch-norm layers) */
  macs: number;
}

const product = (xs: readonly (number | null)[]) => xs.reduce<number>((a, b) => a * (b ?? 1), 1);

/** Parameter count and MACs per sample, from the layers' weights and static output shapes. */
export function modelStats(model: tfl.LayersModel): ModelStats {
  let macs = 0;
  for (const layer of model.layers) {
    const kernel = layer.weights.find((w) => w.originalName.endsWith('/kernel'));
    const recurrent = layer.weights.find((w) => w.originalName.endsWith('/recurrent_kernel'));
    const className = layer.getClassName();
    for (const node of layer.inboundNodes) {
      const inShape = node.inputTensors[0]?.shape ?? [];
      const outShape = node.outputTensors[0]!.shape;
      if (kernel && recurrent) {
        macs += (inShape[1] ?? 1) * (product(kernel.shape) + product(recurrent.shape));
      } else if (kernel && className.startsWith('Conv')) {
        macs += (product(outShape.slice(1)) / kernel.shape[kernel.shape.length - 1]!) * product(kernel.shape);
      } else if (kernel) {
        macs += product(inShape.slice(1, -1)) * product(kernel.shape);
      } else if (className === 'BatchNormalization') {
        macs += product(outShape.slice(1));
      }
    }
  }
  return { params: model.countParams(), macs };
}
