import { DataType, type DataTypeCode } from './onnx-schema.ts';

// A plain in-memory ONNX graph: the converter builds it, the quantiser rewrites it, the
// encoder serialises it. Keeping it independent of protobuf lets passes edit it freely.

export type TensorData = Float32Array | Int8Array | Uint8Array | Int32Array | BigInt64Array;

export interface OnnxTensor {
  name: string;
  dataType: DataTypeCode;
  dims: number[];
  data: TensorData;
}

export type Attr =
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ints'; value: number[] }
  | { type: 'floats'; value: number[] }
  | { type: 'strings'; value: string[] };

export const attr = {
  int: (value: number): Attr => ({ type: 'int', value }),
  float: (value: number): Attr => ({ type: 'float', value }),
  string: (value: string): Attr => ({ type: 'string', value }),
  ints: (value: number[]): Attr => ({ type: 'ints', value }),
  floats: (value: number[]): Attr => ({ type: 'floats', value }),
  strings: (value: string[]): Attr => ({ type: 'strings', value }),
};

export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, Attr>;
}

/** A graph input or output: element type and shape, where a string names a symbolic dim; null = unknown shape. */
export interface OnnxValueInfo {
  name: string;
  elemType: DataTypeCode;
  shape: Array<number | string> | null;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: Map<string, OnnxTensor>;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxModel {
  graph: OnnxGraph;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  metadata: Record<string, string>;
}

/** Appends nodes and initialisers under unique names. */
export class GraphBuilder {
  readonly graph: OnnxGraph;
  private readonly used = new Set<string>();

  constructor(name: string) {
    this.graph = { name, nodes: [], initializers: new Map(), inputs: [], outputs: [] };
  }

  /** A builder for rewriting `graph`: same inputs, outputs and initialisers, no nodes yet, all names taken. */
  static rewriting(graph: OnnxGraph): GraphBuilder {
    const b = new GraphBuilder(graph.name);
    b.graph.inputs = graph.inputs.map((v) => ({ ...v }));
    b.graph.outputs = graph.outputs.map((v) => ({ ...v }));
    b.graph.initializers = new Map(graph.initializers);
    for (const name of graph.initializers.keys()) b.used.add(name);
    for (const v of [...graph.inputs, ...graph.outputs]) b.used.add(v.name);
    for (const n of graph.nodes) [n.name, ...n.inputs, ...n.outputs].forEach((x) => b.used.add(x));
    return b;
  }

  /** Drops initialisers that no node reads any more. */
  pruneInitializers(): void {
    const read = new Set(this.graph.nodes.flatMap((n) => n.inputs));
    for (const name of [...this.graph.initializers.keys()]) if (!read.has(name)) this.graph.initializers.delete(name);
  }

  /** A name not yet used in the graph, derived from `base` (ONNX names are free strings). */
  uniqueName(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  reserve(name: string): void {
    if (this.used.has(name)) throw new Error(`graph name ${name} used twice`);
    this.used.add(name);
  }

  addNode(opType: string, inputs: string[], attributes: Record<string, Attr> = {}, base = opType, outputCount = 1): string[] {
    const name = this.uniqueName(base);
    const outputs = Array.from({ length: outputCount }, (_, k) => this.uniqueName(outputCount === 1 ? `${name}_out` : `${name}_out${k}`));
    this.graph.nodes.push({ name, opType, inputs, outputs, attributes });
    return outputs;
  }

  /** Adds a node and returns its single output name. */
  op(opType: string, inputs: string[], attributes: Record<string, Attr> = {}, base = opType): string {
    return this.addNode(opType, inputs, attributes, base, 1)[0]!;
  }

  addInitializer(base: string, dataType: DataTypeCode, dims: number[], data: TensorData): string {
    const name = this.uniqueName(base);
    this.graph.initializers.set(name, { name, dataType, dims, data });
    return name;
  }

  floatConst(base: string, dims: number[], data: Float32Array): string {
    return this.addInitializer(base, DataType.FLOAT, dims, data);
  }

  int64Const(base: string, values: number[]): string {
    return this.addInitializer(base, DataType.INT64, [values.length], BigInt64Array.from(values.map(BigInt)));
  }
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
