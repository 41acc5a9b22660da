// SigMF annotations as training bursts: each burst is moved to 0 Hz from its annotated
// frequency edges and the capture's centre and rate, and optionally low-passed to its band and
// resampled to a target number of samples per symbol — read block by block in the burst's own
// output coordinates, so windows are cut from the processed signal without holding it whole.
import { checkResampleSpec, resampleBlock, resampleHalfWidth, shiftFrequency, type ResampleSpec } from '../base/resample.ts';
import type { SampleBlockReader } from './windows.ts';

export interface BurstSpec {
  /** first sample of the burst in the recording */
  start: number;
  /** samples of the burst in the recording */
  count: number;
  /** cycles per recording sample the burst sits at; 0 leaves it where it is */
  shift: number;
  /** low-pass and rate change applied after the shift; null for neither */
  resample: ResampleSpec | null;
}

/** What the options and the recording say about one annotation, in Hz. */
export interface BurstBand {
  sampleRate: number | null;
  /** the capture's centre frequency */
  centreFrequency: number | null;
  lowerEdge: number | null;
  upperEdge: number | null;
}

export interface BurstProcessing {
  /** shift bursts with known edges to 0 Hz */
  baseband: boolean;
  /** low-pass each burst to its annotated band */
  lowpass: boolean;
  /** resample so one symbol spans this many samples (needs the symbol rate) */
  samplesPerSymbol?: number;
  /** Hz; default: the annotated bandwidth / (1 + rolloff) */
  symbolRate?: number;
  rolloff: number;
}

export interface PlannedBurst extends BurstSpec {
  /** samples the burst yields after processing */
  outputLength: number;
  /** sample rate of the processed burst (Hz), when the recording's is known */
  outputRate: number | null;
  /** what was done, for the import's record */
  steps: string[];
}

/** Pass band kept around a burst's annotated bandwidth (a little margin for the filter's edge). */
const bandMargin = 1.1;

export function planBurst(start: number, count: number, band: BurstBand, p: BurstProcessing): PlannedBurst {
  const fs = band.sampleRate;
  const hasEdges = fs !== null && band.lowerEdge !== null && band.upperEdge !== null;
  const steps: string[] = [];
  let shift = 0;
  if (p.baseband && hasEdges) {
    const centre = (band.lowerEdge! + band.upperEdge!) / 2;
    shift = (centre - (band.centreFrequency ?? 0)) / fs!;
    steps.push(`shifted ${(shift * fs!).toFixed(0)} Hz to 0 Hz`);
  }
  const bandwidth = hasEdges ? Math.abs(band.upperEdge! - band.lowerEdge!) : null;
  let ratio = 1;
  if (p.samplesPerSymbol !== undefined) {
    const symbolRate = p.symbolRate ?? (bandwidth !== null ? bandwidth / (1 + p.rolloff) : null);
    if (fs !== null && symbolRate !== null && symbolRate > 0) {
      ratio = (p.samplesPerSymbol * symbolRate) / fs;
      steps.push(`resampled ×${ratio.toFixed(4)} to ${p.samplesPerSymbol} samples/symbol at ${symbolRate.toFixed(0)} Bd`);
    }
  }
  let cutoff = 0.5 * Math.min(1, ratio);
  if (p.lowpass && bandwidth !== null && fs !== null) {
    cutoff = Math.min(cutoff, (bandMargin * bandwidth) / 2 / fs);
    steps.push(`low-passed to ±${((cutoff * fs) / 1000).toFixed(1)} kHz`);
  }
  const resample: ResampleSpec | null = ratio !== 1 || cutoff < 0.5 ? { ratio, cutoff } : null;
  if (resample) checkResampleSpec(resample);
  return {
    start,
    count,
    shift,
    resample,
    outputLength: resample ? Math.floor(count * ratio) : count,
    outputRate: fs === null ? null : fs * ratio,
    steps,
  };
}

/** Where an output sample of the burst came from, in recording samples. */
export function burstSourceOffset(b: BurstSpec, outputIndex: number): number {
  return b.start + Math.round(b.resample ? outputIndex / b.resample.ratio : outputIndex);
}

/**
 * A reader of the processed burst: read(s, n) gives output samples s … s + n − 1 as [2][n].
 * Samples outside the annotation count as zero, so a neighbouring signal never leaks in.
 */
export function burstReader(read: SampleBlockReader, b: BurstSpec): SampleBlockReader {
  const readInput = async (from: number, to: number): Promise<{ i: Float32Array; q: Float32Array }> => {
    const n = to - from;
    const i = new Float32Array(n);
    const q = new Float32Array(n);
    const lo = Math.max(from, 0);
    const hi = Math.min(to, b.count);
    if (hi > lo) {
      const block = await read(b.start + lo, hi - lo);
      i.set(block.subarray(0, hi - lo), lo - from);
      q.set(block.subarray(hi - lo), lo - from);
    }
    if (b.shift !== 0) shiftFrequency(i, q, b.shift, b.start + from);
    return { i, q };
  };
  return async (start, count) => {
    const out = new Float32Array(2 * count);
    if (!b.resample) {
      const { i, q } = await readInput(start, start + count);
      out.set(i, 0);
      out.set(q, count);
      return out;
    }
    const width = resampleHalfWidth(b.resample);
    const from = Math.floor(start / b.resample.ratio) - width;
    const to = Math.ceil((start + count - 1) / b.resample.ratio) + width + 1;
    const input = await readInput(from, to);
    const r = resampleBlock(input.i, input.q, from, b.resample, start, count);
    out.set(r.i, 0);
    out.set(r.q, count);
    return out;
  };
}
