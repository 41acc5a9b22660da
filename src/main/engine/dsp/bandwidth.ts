// Occupied bandwidth of a spectrum: the narrowest band, cut symmetrically by power, that
// holds a given fraction of the total power (ITU-R SM.328 "β/2" method).
import type { PowerSpectrum } from './psd.ts';

export interface OccupiedBand {
  lowHz: number;
  highHz: number;
  bandwidthHz: number;
}

/** Band that leaves (1 − fraction)/2 of the power below lowHz and the same above highHz. */
export function occupiedBandwidth(spectrum: PowerSpectrum, fraction = 0.99): OccupiedBand {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`occupiedBandwidth: fraction must be in (0, 1), got ${fraction}`);
  const { psd, freqHz, binWidthHz } = spectrum;
  let total = 0;
  for (let k = 0; k < psd.length; k++) total += psd[k];
  const tail = ((1 - fraction) / 2) * total;
  const edge = (fromLow: boolean): number => {
    let cumulative = 0;
    for (let step = 0; step < psd.length; step++) {
      const k = fromLow ? step : psd.length - 1 - step;
      if (cumulative + psd[k] >= tail) {
        // interpolate inside the bin, treating its power as spread evenly across it
        const within = (tail - cumulative) / psd[k];
        const binLow = freqHz[k] - binWidthHz / 2;
        return fromLow ? binLow + within * binWidthHz : binLow + (1 - within) * binWidthHz;
      }
      cumulative += psd[k];
    }
    return fromLow ? freqHz[0] : freqHz[psd.length - 1];
  };
  const lowHz = edge(true);
  const highHz = edge(false);
  return { lowHz, highHz, bandwidthHz: highHz - lowHz };
}

/** Width between the outermost bins whose density is within `dropDb` of the peak. */
export function bandwidthAtLevel(spectrum: PowerSpectrum, dropDb: number): OccupiedBand {
  const { psdDb, freqHz, binWidthHz } = spectrum;
  let peak = -Infinity;
  for (let k = 0; k < psdDb.length; k++) peak = Math.max(peak, psdDb[k]);
  let low = -1;
  let high = -1;
  for (let k = 0; k < psdDb.length; k++) {
    if (psdDb[k] >= peak - dropDb) {
      if (low < 0) low = k;
      high = k;
    }
  }
  const lowHz = freqHz[low] - binWidthHz / 2;
  const highHz = freqHz[high] + binWidthHz / 2;
  return { lowHz, highHz, bandwidthHz: highHz - lowHz };
}
