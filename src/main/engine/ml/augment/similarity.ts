// How alike two signals are where they would be mixed: the banded DTW distance between their
// segments, relative to the energy of the two segments, D / (E_a + E_b) with E = Σ|x[n]|². It
// is 0 for identical segments and 1 for orthogonal ones compared sample by sample without
// warping, whatever the dataset's amplitude scale, which is what lets θ mean the same on any data.
import { bandRadius, dtwDistance } from '../../dsp/dtw.ts';
import type { Segment } from './segment-exchange.ts';

function segmentEnergy(x: Float32Array, length: number, segment: Segment): number {
  let e = 0;
  for (let n = segment.start; n < segment.start + segment.width; n++) e += x[n]! * x[n]! + x[length + n]! * x[length + n]!;
  return e;
}

export class SegmentSimilarity {
  private readonly scratch: Float64Array;

  /** length: samples per rail of the signals; band: Sakoe–Chiba radius as a fraction of the segment */
  constructor(
    private readonly length: number,
    private readonly band: number,
  ) {
    this.scratch = new Float64Array(2 * (length + 1));
  }

  /**
   * Relative DTW distance between the segment of [2][length] signals a and b; +Infinity once it
   * is sure to exceed `abandonAbove` (a relative distance).
   */
  distance(a: Float32Array, b: Float32Array, segment: Segment, abandonAbove = Number.POSITIVE_INFINITY): number {
    const { length } = this;
    const { start, width } = segment;
    const energy = segmentEnergy(a, length, segment) + segmentEnergy(b, length, segment);
    if (!(energy > 0)) return 0;
    const d = dtwDistance(
      { i: a.subarray(start, start + width), q: a.subarray(length + start, length + start + width) },
      { i: b.subarray(start, start + width), q: b.subarray(length + start, length + start + width) },
      { radius: Math.min(width - 1, bandRadius(width, this.band)), abandonAbove: abandonAbove * energy, scratch: this.scratch },
    );
    return d / energy;
  }
}
