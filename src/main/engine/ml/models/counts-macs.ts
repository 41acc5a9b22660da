// A layer that counts its own multiply-accumulates per sample (the graph layers, whose work
// depends on the shapes they are called with); complexity.ts asks it once per call.
export interface CountsMacs {
  macsPerSample(inputShapes: (number | null)[][]): number;
}

export function countsMacs(layer: unknown): layer is CountsMacs {
  return typeof (layer as Partial<CountsMacs>).macsPerSample === 'function';
}
