// The zoo's LSTM and GRU layers: TF.js's own, whose call runs the whole sequence through one wasm
// kernel each way (kernels/recurrent/) where the layer and the backend allow, and the stock
// per-step loop elsewhere. They register under the stock class names, so saved models, their
// weights (same names and layout) and the ONNX export see the stock layers, and a loaded model
// gets the fast route too.
import { getKernel, type Tensor } from '@tensorflow/tfjs-core';
import { tf, tfl } from '../tfjs.ts';
import { GRU_CACHE_WIDTH, GruSequence } from '../kernels/recurrent/gru-sequence.ts';
import { LSTM_CACHE_WIDTH, LstmSequence } from '../kernels/recurrent/lstm-sequence.ts';
import { simdKernels } from '../kernels/simd/simd-kernels.ts';
import type { WasmBackend } from '../kernels/heap/wasm-heap.ts';

type Kwargs = Record<string, unknown>;
type RecurrentArgs = tfl.GRULayerArgs & tfl.LSTMLayerArgs;
type StockRecurrent = (new (args: RecurrentArgs) => tfl.RNN) & {
  fromConfig: (cls: tf.serialization.SerializableConstructor<tfl.RNN>, config: tf.serialization.ConfigDict) => tfl.RNN;
};

/** What the sequence kernels read of a GRU or LSTM cell. */
interface CellView {
  units: number;
  dropout: number;
  recurrentDropout: number;
  useBias: boolean;
  activation: { getClassName(): string };
  recurrentActivation: { getClassName(): string };
  kernel: { read(): Tensor };
  recurrentKernel: { read(): Tensor };
  bias: { read(): Tensor } | null;
}

/** The stock class registered for deserialisation under this name. */
function stockClass(className: string): StockRecurrent {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`tfjs-layers registers no ${className} layer`);
  return entry[0] as unknown as StockRecurrent;
}

/** The one input x [B, T, D] when the sequence kernel can stand in for the stock loop; else null. */
function sequenceInput(layer: tfl.RNN, kernelName: string, inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | null {
  const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0]! : null) : inputs;
  const cell = layer.cell as unknown as CellView;
  const plainLayer = !layer.goBackwards && !layer.unroll && !layer.returnState && !(layer as unknown as { stateful: boolean }).stateful;
  const plainCell = cell.units % 4 === 0 && cell.dropout === 0 && cell.recurrentDropout === 0 && cell.useBias && cell.bias !== null
    && cell.activation.getClassName() === 'tanh' && cell.recurrentActivation.getClassName() === 'sigmoid';
  if (!x || x.rank !== 3 || x.dtype !== 'float32' || kwargs['mask'] != null || kwargs['initialState'] != null || !plainLayer || !plainCell) return null;
  if (tf.getBackend() !== 'wasm' || !getKernel(kernelName, 'wasm') || !simdKernels(tf.backend() as unknown as WasmBackend)) return null;
  return x;
}

/**
 * Rows per kernel call outside training: the kernel's workspace holds every step's gates
 * (B·T·6H floats for LSTM, 400 MB for a batch of 1,024 through LSTM(128)), which the wasm heap
 * keeps once grown; inference needs no gradient, so a large batch runs in parts.
 */
const INFERENCE_CHUNK = 256;

/** An uninitialised tensor on the wasm backend, made as a kernel's output is: the kernel fills it. */
function workspace(shape: number[]): Tensor {
  const backend = tf.backend() as unknown as WasmBackend;
  return tf.engine().makeTensorFromTensorInfo(backend.makeOutput(shape, 'float32'), backend);
}

function sequenceClass(className: 'GRU' | 'LSTM', kernelName: string, cacheWidth: number): StockRecurrent {
  const Stock = stockClass(className);
  class SequenceRecurrent extends Stock {
    static readonly className = className;

    override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
      const x = sequenceInput(this, kernelName, inputs, kwargs);
      if (!x) return super.call(inputs, kwargs);
      const cell = this.cell as unknown as CellView;
      const run = (part: Tensor): Tensor => {
        const [B, T] = part.shape as [number, number];
        const H = cell.units;
        const hs = tf.engine().runKernel(kernelName, {
          x: part, kernel: cell.kernel.read(), recurrentKernel: cell.recurrentKernel.read(), bias: cell.bias!.read(),
          cache: workspace([B, T, cacheWidth * H]),
        }) as Tensor;
        if (this.returnSequences) return hs;
        return tf.reshape(tf.slice(hs, [0, T - 1, 0], [B, 1, H]), [B, H]);
      };
      return tf.tidy(() => {
        const B = x.shape[0]!;
        if (kwargs['training'] === true || B <= INFERENCE_CHUNK) return run(x);
        const parts: Tensor[] = [];
        for (let start = 0; start < B; start += INFERENCE_CHUNK) {
          parts.push(tf.tidy(() => run(tf.slice(x, [start, 0, 0], [Math.min(INFERENCE_CHUNK, B - start), -1, -1]))));
        }
        return tf.concat(parts, 0);
      });
    }
  }
  tf.serialization.registerClass(SequenceRecurrent);
  return SequenceRecurrent;
}

export const SequenceGRU = sequenceClass('GRU', GruSequence, GRU_CACHE_WIDTH);
export const SequenceLSTM = sequenceClass('LSTM', LstmSequence, LSTM_CACHE_WIDTH);
