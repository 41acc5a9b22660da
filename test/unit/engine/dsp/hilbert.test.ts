import { describe, expect, it } from 'vitest';
import { analyticSignal } from '../../../../src/main/engine/dsp/hilbert.ts';

describe('analyticSignal', () => {
  it.each([64, 63])('turns cos into e^{jωt} (sin in the imaginary part), length %i', (n) => {
    const k0 = 5;
    const x = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * k0 * t) / n));
    const a = analyticSignal(x);
    for (let t = 0; t < n; t++) {
      expect(a.re[t]).toBeCloseTo(x[t], 10);
      expect(a.im[t]).toBeCloseTo(Math.sin((2 * Math.PI * k0 * t) / n), 10);
    }
  });
});
