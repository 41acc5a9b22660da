// Segment exchange, the signal-mixing operator: two signals of one class swap the samples of
// one segment, taken at the same start in both, on the I and the Q rail alike; each keeps its
// label. Signals are [2][length] float32 (row 0 = I, row 1 = Q).

/** Samples [start, start + width) of a signal. */
export interface Segment {
  start: number;
  width: number;
}

/** The segment width for a proportion of the length (at least one sample, at most all). */
export function segmentWidth(length: number, proportion: number): number {
  if (!(proportion > 0 && proportion <= 1)) throw new RangeError(`segment proportion must be in (0, 1], got ${proportion}`);
  return Math.min(length, Math.max(1, Math.round(proportion * length)));
}

function checkSegment(length: number, segment: Segment): void {
  const { start, width } = segment;
  if (!Number.isInteger(start) || !Number.isInteger(width) || width < 1 || start < 0 || start + width > length) {
    throw new RangeError(`segment [${start}, ${start + width}) does not fit a signal of ${length} samples`);
  }
}

/** Writes b's samples of the segment over a's, in place (both rails). */
export function copySegment(into: Float32Array, from: Float32Array, length: number, segment: Segment): void {
  checkSegment(length, segment);
  const { start, width } = segment;
  into.set(from.subarray(start, start + width), start);
  into.set(from.subarray(length + start, length + start + width), length + start);
}

/** Both children of an exchange: a with b's segment, and b with a's. The parents are not changed. */
export function exchangeSegments(a: Float32Array, b: Float32Array, length: number, segment: Segment): { first: Float32Array; second: Float32Array } {
  const first = Float32Array.from(a);
  const second = Float32Array.from(b);
  copySegment(first, b, length, segment);
  copySegment(second, a, length, segment);
  return { first, second };
}
