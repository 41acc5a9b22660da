import { describe, expect, it } from 'vitest';
import { windowSampleRate } from '../../../../src/main/engine/io/window-sample-rate.ts';

describe('the sample rate of stored windows', () => {
  const sigmf = (options: Record<string, unknown>, rates: (number | null)[] = [1e6]) => ({
    options,
    sampleRate: rates[0],
    recordings: rates.map((sampleRate, k) => ({ name: `r${k}`, sampleRate })),
  });

  it('is the capture rate for windows cut where they were recorded', () => {
    expect(windowSampleRate(sigmf({ baseband: true, lowpass: true }), true)).toBe(1e6);
    expect(windowSampleRate({ sampleRate: 2.4e6 }, false)).toBe(2.4e6);
  });

  it('is unknown when none was recorded or the recordings differ', () => {
    expect(windowSampleRate({}, true)).toBeNull();
    expect(windowSampleRate(sigmf({}, [null]), true)).toBeNull();
    expect(windowSampleRate(sigmf({}, [1e6, 2e6]), true)).toBeNull();
  });

  it('follows a resample to samples/symbol: given symbol rate × samples/symbol, unknown when each burst took its own', () => {
    expect(windowSampleRate(sigmf({ samplesPerSymbol: 8, symbolRate: 25e3 }), true)).toBe(200e3);
    expect(windowSampleRate(sigmf({ samplesPerSymbol: 8 }), true)).toBeNull();
    // unlabelled stretches are not resampled
    expect(windowSampleRate(sigmf({ samplesPerSymbol: 8, symbolRate: 25e3 }), false)).toBe(1e6);
  });
});
