import { describe, expect, it } from 'vitest';
import { eyeDiagramTraces } from '../../../../src/main/engine/dsp/eye.ts';

describe('eyeDiagramTraces', () => {
  it('cuts one trace per symbol period, each spanning two symbols plus one sample', () => {
    const sps = 4;
    const x = Float32Array.from({ length: 40 }, (_, k) => k);
    const traces = eyeDiagramTraces(x, sps, { offsetSamples: 2 });
    // starts 2, 6, …, 30: the next (34) would need samples up to 42
    expect(traces.length).toBe(8);
    expect(traces[0].length).toBe(9);
    expect(traces[1][0]).toBe(2 + sps);
    expect(eyeDiagramTraces(x, sps, { maxTraces: 3 }).length).toBe(3);
  });

  it('shows an open eye for an NRZ square wave: centres at ±1', () => {
    const sps = 8;
    const bits = [1, -1, -1, 1, 1, 1, -1, 1, -1, -1];
    const x = Float32Array.from({ length: bits.length * sps }, (_, k) => bits[Math.floor(k / sps)]);
    for (const trace of eyeDiagramTraces(x, sps)) expect(Math.abs(trace[sps / 2])).toBe(1);
  });
});
