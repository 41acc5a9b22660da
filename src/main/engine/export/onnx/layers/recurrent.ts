import { AppError } from '../../../../../shared/errors.ts';
import { attr, type Attr } from '../graph-ir.ts';
import { layerWeights, requireWeight, type ConversionContext, type ConvTensor } from '../conversion-context.ts';
import { stringConfig, type LayerCall } from './layer-converter.ts';

const onnxActivation: Record<string, string> = {
  sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu', hardSigmoid: 'HardSigmoid', softsign: 'Softsign', softplus: 'Softplus', elu: 'Elu',
};

function activationName(call: LayerCall, key: string, fallback: string): string {
  const name = stringConfig(call, key, fallback);
  const mapped = onnxActivation[name];
  if (!mapped) throw new AppError('UNSUPPORTED', `${call.where}: recurrent ${key} '${name}' has no ONNX mapping`);
  return mapped;
}

/**
 * Gate blocks of a TF.js [rows, gates·H] matrix, reordered and transposed to ONNX's
 * [1, gates·H, rows]: ONNX row `g·H + j` is TF.js column `order[g]·H + j`.
 */
function gateMatrix(data: Float32Array, rows: number, hidden: number, order: number[]): Float32Array {
  const gates = order.length;
  const cols = gates * hidden;
  const out = new Float32Array(rows * cols);
  for (let g = 0; g < gates; g++) {
    for (let j = 0; j < hidden; j++) {
      const src = order[g]! * hidden + j;
      const dst = (g * hidden + j) * rows;
      for (let r = 0; r < rows; r++) out[dst + r] = data[r * cols + src]!;
    }
  }
  return out;
}

function gateVector(data: Float32Array, hidden: number, order: number[]): Float32Array {
  const out = new Float32Array(order.length * hidden);
  order.forEach((src, g) => out.set(data.subarray(src * hidden, (src + 1) * hidden), g * hidden));
  return out;
}

/**
 * LSTM, GRU and SimpleRNN → ONNX LSTM/GRU/RNN over [T, N, F].
 * Gate order: TF.js LSTM i,f,c,o → ONNX i,o,f,c; GRU z,r,h is the same in both, and TF.js's
 * reset_after (reset gate applied after the recurrent matmul) is ONNX linear_before_reset = 1.
 */
export function convertRecurrent(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const cfg = call.config;
  if (cfg.goBackwards) throw new AppError('UNSUPPORTED', `${call.where}: go_backwards`);
  if (cfg.returnState) throw new AppError('UNSUPPORTED', `${call.where}: return_state`);
  const input = ctx.asTf(call.inputs[0]!);
  const [steps, features] = input.shape as [number, number];
  const hidden = Number(cfg.units);
  const weights = layerWeights(call.layer);
  const kernel = requireWeight(call.layer, weights, 'kernel').data;
  const recurrent = requireWeight(call.layer, weights, 'recurrent_kernel').data;
  const bias = weights.get('bias')?.data;
  const b = ctx.builder;
  const name = call.layer.name;

  let op: string;
  let order: number[];
  const attributes: Record<string, Attr> = { hidden_size: attr.int(hidden), direction: attr.string('forward') };
  let biasW: Float32Array;
  let biasR: Float32Array;
  const act = activationName(call, 'activation', 'tanh');
  if (call.className === 'LSTM') {
    op = 'LSTM';
    order = [0, 3, 1, 2];
    attributes.activations = attr.strings([activationName(call, 'recurrentActivation', 'hardSigmoid'), act, act]);
    biasW = bias ? gateVector(bias, hidden, order) : new Float32Array(4 * hidden);
    biasR = new Float32Array(4 * hidden);
  } else if (call.className === 'GRU') {
    op = 'GRU';
    order = [0, 1, 2];
    attributes.activations = attr.strings([activationName(call, 'recurrentActivation', 'hardSigmoid'), act]);
    const resetAfter = Boolean(cfg.resetAfter);
    attributes.linear_before_reset = attr.int(resetAfter ? 1 : 0);
    if (bias && resetAfter) {
      biasW = bias.slice(0, 3 * hidden);
      biasR = bias.slice(3 * hidden, 6 * hidden);
    } else {
      biasW = bias ? Float32Array.from(bias) : new Float32Array(3 * hidden);
      biasR = new Float32Array(3 * hidden);
    }
  } else {
    op = 'RNN';
    order = [0];
    attributes.activations = attr.strings([act]);
    biasW = bias ? Float32Array.from(bias) : new Float32Array(hidden);
    biasR = new Float32Array(hidden);
  }
  const gates = order.length;
  const w = b.floatConst(`${name}_W`, [1, gates * hidden, features], gateMatrix(kernel, features, hidden, order));
  const r = b.floatConst(`${name}_R`, [1, gates * hidden, hidden], gateMatrix(recurrent, hidden, hidden, order));
  const biasAll = new Float32Array(2 * gates * hidden);
  biasAll.set(biasW, 0);
  biasAll.set(biasR, gates * hidden);
  const bb = b.floatConst(`${name}_B`, [1, 2 * gates * hidden], biasAll);

  const timeMajor = b.op('Transpose', [input.name], { perm: attr.ints([1, 0, 2]) }, `${name}_time_major`);
  const outputs = b.addNode(op, [timeMajor, w, r, bb], attributes, name, op === 'LSTM' ? 3 : 2);
  if (cfg.returnSequences) {
    // Y is [T, directions, N, H]
    const squeezed = b.op('Squeeze', [outputs[0]!, b.int64Const(`${name}_axes`, [1])]);
    const y = b.op('Transpose', [squeezed], { perm: attr.ints([1, 0, 2]) }, `${name}_batch_major`);
    return [{ name: y, shape: [steps, hidden], layout: 'tf' }];
  }
  // Y_h is [directions, N, H]
  const last = b.op('Squeeze', [outputs[1]!, b.int64Const(`${name}_axes`, [0])]);
  return [{ name: last, shape: [hidden], layout: 'tf' }];
}
