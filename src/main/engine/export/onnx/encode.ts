import { AttributeType, ModelProto } from './onnx-schema.ts';
import type { Attr, OnnxModel, OnnxTensor, OnnxValueInfo } from './graph-ir.ts';

// ONNX IR version 8 is the one that goes with opset 17.
const IR_VERSION = 8;

function tensorMessage(t: OnnxTensor): Record<string, unknown> {
  // raw_data is little-endian; typed arrays on every supported platform are little-endian too.
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return { name: t.name, dataType: t.dataType, dims: t.dims, rawData: bytes };
}

function attributeMessage(name: string, a: Attr): Record<string, unknown> {
  switch (a.type) {
    case 'int': return { name, type: AttributeType.INT, i: a.value };
    case 'float': return { name, type: AttributeType.FLOAT, f: a.value };
    case 'string': return { name, type: AttributeType.STRING, s: new TextEncoder().encode(a.value) };
    case 'ints': return { name, type: AttributeType.INTS, ints: a.value };
    case 'floats': return { name, type: AttributeType.FLOATS, floats: a.value };
    case 'strings': return { name, type: AttributeType.STRINGS, strings: a.value.map((s) => new TextEncoder().encode(s)) };
  }
}

function valueInfoMessage(v: OnnxValueInfo): Record<string, unknown> {
  if (v.shape === null) return { name: v.name, type: { tensorType: { elemType: v.elemType } } };
  const dim = v.shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name: v.name, type: { tensorType: { elemType: v.elemType, shape: { dim } } } };
}

/** Serialises a model to ONNX protobuf bytes. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const g = model.graph;
  const message = ModelProto.fromObject({
    irVersion: IR_VERSION,
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    opsetImport: [{ domain: '', version: model.opsetVersion }],
    metadataProps: Object.entries(model.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: g.name,
      node: g.nodes.map((n) => ({
        name: n.name,
        opType: n.opType,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attributes).map(([k, a]) => attributeMessage(k, a)),
      })),
      initializer: [...g.initializers.values()].map(tensorMessage),
      input: g.inputs.map(valueInfoMessage),
      output: g.outputs.map(valueInfoMessage),
    },
  });
  return ModelProto.encode(message).finish();
}
