// The sample rate (Hz) of a dataset's stored windows, read from what its importer recorded. A
// SigMF burst resampled to a number of samples per symbol is no longer at the capture's rate, and
// recordings at different rates leave no single rate for the dataset.

function positive(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Hz, or null when the import recorded none or its windows have no one rate; `labelled`: the window came from an annotation. */
export function windowSampleRate(params: Record<string, unknown>, labelled: boolean): number | null {
  const captured = positive(params.sampleRate);
  if (captured === null) return null;
  const recordings = Array.isArray(params.recordings) ? params.recordings.map(record) : [];
  if (recordings.some((r) => positive(r.sampleRate) !== captured)) return null;
  const options = record(params.options);
  const samplesPerSymbol = positive(options.samplesPerSymbol);
  if (!labelled || samplesPerSymbol === null) return captured;
  // resampled bursts: one rate only when the symbol rate was given rather than taken from each burst's band
  const symbolRate = positive(options.symbolRate);
  return symbolRate === null ? null : samplesPerSymbol * symbolRate;
}
