// Eye diagram: a real component cut into overlapping traces of a few symbol periods.

export interface EyeOptions {
  /** symbol periods per trace (default 2) */
  symbolsPerTrace?: number;
  /** first sample of the first trace (timing phase), in samples (default 0) */
  offsetSamples?: number;
  /** most traces to return (default: all that fit) */
  maxTraces?: number;
}

/**
 * Traces of `symbolsPerTrace·samplesPerSymbol + 1` samples starting every symbol period, so a
 * symbol-centre crossing appears at the same horizontal position in every trace.
 */
export function eyeDiagramTraces(component: ArrayLike<number>, samplesPerSymbol: number, options: EyeOptions = {}): Float32Array[] {
  if (!Number.isInteger(samplesPerSymbol) || samplesPerSymbol < 1) {
    throw new RangeError(`eyeDiagramTraces: samplesPerSymbol must be a positive integer, got ${samplesPerSymbol}`);
  }
  const span = (options.symbolsPerTrace ?? 2) * samplesPerSymbol + 1;
  const maxTraces = options.maxTraces ?? Number.POSITIVE_INFINITY;
  const traces: Float32Array[] = [];
  for (let start = options.offsetSamples ?? 0; start + span <= component.length && traces.length < maxTraces; start += samplesPerSymbol) {
    const trace = new Float32Array(span);
    for (let k = 0; k < span; k++) trace[k] = component[start + k];
    traces.push(trace);
  }
  return traces;
}
