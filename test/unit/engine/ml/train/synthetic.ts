// Small labelled sets from the project's own signal generator, held in memory for trainer tests.
import { synthesizeKey } from '../../../../../src/main/engine/dsp/synth/generate.ts';
import { arraySource, type DataSource } from '../../../../../src/main/engine/ml/train/data.ts';

export const testClasses = ['BPSK', 'QPSK', 'AM-DSB', 'GFSK'];

/** perKey vectors of each class at each SNR; a clean channel so a few epochs suffice. */
export function syntheticSource(seed: number, perKey: number, length: number, snrs: number[] = [18]): DataSource {
  const parts: Float32Array[] = [];
  const labels: number[] = [];
  const snrOf: number[] = [];
  testClasses.forEach((className, k) => {
    for (const snr of snrs) {
      parts.push(
        synthesizeKey(
          {
            preset: 'rml2016', classes: testClasses, snrs, perKey, length, seed, normalisation: 'unit-power',
            channel: { fading: 'none', cfoStdHz: 0, cfoMaxHz: 0, sroStdHz: 0, sroMaxHz: 0, randomPhase: false },
          },
          className,
          snr,
        ),
      );
      for (let i = 0; i < perKey; i++) {
        labels.push(k);
        snrOf.push(snr);
      }
    }
  });
  const x = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    x.set(p, at);
    at += p.length;
  }
  return arraySource(x, Int32Array.from(labels), length, Float32Array.from(snrOf));
}
