// Time and frequency axes for signal plots: seconds and Hz with an SI prefix when the sample rate
// is known, samples and cycles/sample otherwise.

export interface SignalAxis {
  values: number[];
  title: string;
}

const prefixes: [number, string][] = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
];

/** The largest prefix whose unit fits in the extent, so ticks read 1…999 of it. */
function prefixFor(extent: number): [number, string] {
  return prefixes.find(([scale]) => extent >= scale) ?? prefixes[prefixes.length - 1]!;
}

export function timeAxis(length: number, sampleRate: number | null): SignalAxis {
  const index = Array.from({ length }, (_, k) => k);
  if (sampleRate === null) return { values: index, title: 'sample' };
  const [scale, prefix] = prefixFor(Math.max(length - 1, 1) / sampleRate);
  return { values: index.map((k) => k / sampleRate / scale), title: `time (${prefix}s)` };
}

/** `cyclesPerSample`: frequencies in −0.5…0.5 cycles per sample */
export function frequencyAxis(cyclesPerSample: number[], sampleRate: number | null): SignalAxis {
  if (sampleRate === null) return { values: cyclesPerSample, title: 'frequency (cycles/sample)' };
  const [scale, prefix] = prefixFor(sampleRate / 2);
  return { values: cyclesPerSample.map((f) => (f * sampleRate) / scale), title: `frequency (${prefix}Hz)` };
}
