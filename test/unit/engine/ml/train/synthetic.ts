// Small labelled sets from the project's own signal generator, held in memory for trainer tests.
import { synthesizeKey, type GeneratorConfig } from '../../../../../src/main/engine/dsp/synth/generate.ts';
import { arraySource, type DataSource } from '../../../../../src/main/engine/ml/train/data.ts';

export const testClasses = ['BPSK', 'QPSK', 'AM-DSB', 'GFSK'];

/** A clean channel (AWGN only), so a few epochs suffice. */
const cleanChannel: GeneratorConfig['channel'] = { fading: 'none', cfoStdHz: 0, cfoMaxHz: 0, sroStdHz: 0, sroMaxHz: 0, randomPhase: false };

export interface SyntheticArrays {
  /** [n][2][length], class-major then SNR */
  x: Float32Array;
  y: Int32Array;
  snr: Float32Array;
}

/** perKey vectors of each class at each SNR; unit power through a clean channel unless the options say otherwise. */
export function syntheticArrays(
  seed: number,
  perKey: number,
  length: number,
  snrs: number[] = [18],
  options: Pick<GeneratorConfig, 'classes' | 'normalisation' | 'channel'> = {},
): SyntheticArrays {
  const classes = options.classes ?? testClasses;
  const config: GeneratorConfig = {
    preset: 'rml2016', classes, snrs, perKey, length, seed, normalisation: options.normalisation ?? 'unit-power', channel: options.channel ?? cleanChannel,
  };
  const parts: Float32Array[] = [];
  const labels: number[] = [];
  const snrOf: number[] = [];
  classes.forEach((className, k) => {
    for (const snr of snrs) {
      parts.push(synthesizeKey(config, className, snr));
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
  return { x, y: Int32Array.from(labels), snr: Float32Array.from(snrOf) };
}

export function syntheticSource(seed: number, perKey: number, length: number, snrs: number[] = [18]): DataSource {
  const { x, y, snr } = syntheticArrays(seed, perKey, length, snrs);
  return arraySource(x, y, length, snr);
}
