import { describe, expect, it } from 'vitest';
import { frequencyAxis, timeAxis } from '../../../src/renderer/src/plots/signal-axes.ts';

describe('signal plot axes', () => {
  it('keep samples and cycles/sample without a sample rate', () => {
    expect(timeAxis(4, null)).toEqual({ values: [0, 1, 2, 3], title: 'sample' });
    expect(frequencyAxis([-0.5, 0, 0.25], null)).toEqual({ values: [-0.5, 0, 0.25], title: 'frequency (cycles/sample)' });
  });

  it('read µs and kHz for 128 samples at 1 MHz', () => {
    const time = timeAxis(128, 1e6);
    expect(time.title).toBe('time (µs)');
    expect(time.values[1]).toBeCloseTo(1, 12);
    expect(time.values[127]).toBeCloseTo(127, 12);
    const frequency = frequencyAxis([-0.5, -0.25, 0, 0.125], 1e6);
    expect(frequency.title).toBe('frequency (kHz)');
    expect(frequency.values.map((v) => Number(v.toFixed(9)))).toEqual([-500, -250, 0, 125]);
  });

  it('pick the prefix from the span: ms and MHz at 20 MHz over 100 000 samples, s and Hz at 1.6 kHz over 4096', () => {
    const long = timeAxis(100_000, 20e6);
    expect(long.title).toBe('time (ms)');
    expect(long.values[99_999]! / 4.99995).toBeCloseTo(1, 9);
    expect(frequencyAxis([0.5], 20e6)).toEqual({ values: [10], title: 'frequency (MHz)' });
    const slow = timeAxis(4096, 1.6e3);
    expect(slow.title).toBe('time (s)');
    expect(slow.values[4000]).toBeCloseTo(2.5, 12);
    expect(frequencyAxis([0.25], 1.6e3)).toEqual({ values: [400], title: 'frequency (Hz)' });
    // the Nyquist frequency of 2 kHz is 1 kHz: kHz from there
    expect(frequencyAxis([0.5], 2e3)).toEqual({ values: [1], title: 'frequency (kHz)' });
  });
});
