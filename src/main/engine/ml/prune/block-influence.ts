// Block influence (a metric of “Reassessing Layer Pruning in LLMs: New Insights and Methods”): BI = 1 −
// cos(h_in, h_out), the two activations flattened over a calibration batch. A block that barely changes its
// input scores near 0 and is removed first.
export function blockInfluence(input: ArrayLike<number>, output: ArrayLike<number>): number {
  if (input.length !== output.length) {
    throw new Error(`block influence needs equal shapes, got ${input.length} and ${output.length} values`);
  }
  let dot = 0;
  let ii = 0;
  let oo = 0;
  for (let k = 0; k < input.length; k++) {
    dot += input[k]! * output[k]!;
    ii += input[k]! * input[k]!;
    oo += output[k]! * output[k]!;
  }
  if (ii === 0 || oo === 0) return 1;
  return 1 - dot / Math.sqrt(ii * oo);
}
