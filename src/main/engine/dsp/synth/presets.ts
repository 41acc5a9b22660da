// Class lists of the supported dataset presets and the modulator behind each class name.
import { AppError } from '../../../../shared/errors.ts';
import { SAMPLES_PER_SYMBOL, type Modulator } from './baseband.ts';
import { constellations, rml2018Constellations } from './constellations.ts';
import { linearModulator } from './linear.ts';
import { cpfskModulator, gfskModulator } from './fsk.ts';
import { amDsbModulator, amSsbModulator, wbfmModulator } from './analog.ts';

export const presetNames = ['rml2016', 'rml2018'] as const;
export type PresetName = (typeof presetNames)[number];

/** RML2016.10a classes, in the dataset's alphabetical order. */
export const RML2016_CLASSES = ['8PSK', 'AM-DSB', 'AM-SSB', 'BPSK', 'CPFSK', 'GFSK', 'PAM4', 'QAM16', 'QAM64', 'QPSK', 'WBFM'] as const;

/** RML2016 SNR grid: −20 … 18 dB in steps of 2. */
export const RML2016_SNRS: readonly number[] = Array.from({ length: 20 }, (_, k) => -20 + 2 * k);

/** RML2018.01a classes in the order of the dataset's one-hot labels (not the order its README lists them). */
export const RML2018_CLASSES = [
  'OOK', '4ASK', '8ASK', 'BPSK', 'QPSK', '8PSK', '16PSK', '32PSK', '16APSK', '32APSK', '64APSK', '128APSK',
  '16QAM', '32QAM', '64QAM', '128QAM', '256QAM', 'AM-SSB-WC', 'AM-SSB-SC', 'AM-DSB-WC', 'AM-DSB-SC', 'FM', 'GMSK', 'OQPSK',
] as const;

/** RML2018 SNR grid: −20 … 30 dB in steps of 2. */
export const RML2018_SNRS: readonly number[] = Array.from({ length: 26 }, (_, k) => -20 + 2 * k);

const rml2016Modulators: Record<string, Modulator> = {
  '8PSK': linearModulator(constellations['8PSK']),
  'AM-DSB': amDsbModulator(),
  'AM-SSB': amSsbModulator(),
  BPSK: linearModulator(constellations.BPSK),
  CPFSK: cpfskModulator(),
  GFSK: gfskModulator(),
  PAM4: linearModulator(constellations.PAM4),
  QAM16: linearModulator(constellations.QAM16),
  QAM64: linearModulator(constellations.QAM64),
  QPSK: linearModulator(constellations.QPSK),
  WBFM: wbfmModulator(),
};

const rml2018Modulators: Record<string, Modulator> = {
  ...Object.fromEntries(Object.entries(rml2018Constellations).map(([name, c]) => [name, linearModulator(c)])),
  'AM-SSB-WC': amSsbModulator(true, 0.8),
  'AM-SSB-SC': amSsbModulator(false),
  'AM-DSB-WC': amDsbModulator(0.8, true),
  'AM-DSB-SC': amDsbModulator(0.8, false),
  // narrowband FM of the audio (10 kHz peak deviation)
  FM: wbfmModulator(10e3),
  // GMSK: BT 0.3, modulation index 0.5 → π/2 per symbol
  GMSK: gfskModulator(Math.PI / (2 * SAMPLES_PER_SYMBOL), 0.3),
  OQPSK: linearModulator(constellations.QPSK, true),
};

const presets: Record<PresetName, { classes: readonly string[]; modulators: Record<string, Modulator> }> = {
  rml2016: { classes: RML2016_CLASSES, modulators: rml2016Modulators },
  rml2018: { classes: RML2018_CLASSES, modulators: rml2018Modulators },
};

function presetOf(preset: PresetName): (typeof presets)[PresetName] {
  const found = (presets as Record<string, (typeof presets)[PresetName] | undefined>)[preset];
  if (!found) throw new AppError('VALIDATION', `unknown generator preset '${String(preset)}' (known: ${presetNames.join(', ')})`);
  return found;
}

export function presetClasses(preset: PresetName): readonly string[] {
  return presetOf(preset).classes;
}

export function modulatorFor(preset: PresetName, className: string): Modulator {
  const { classes, modulators } = presetOf(preset);
  const modulator = modulators[className];
  if (!modulator) throw new AppError('VALIDATION', `preset ${preset} has no class '${className}' (known: ${classes.join(', ')})`);
  return modulator;
}

/** Each preset's own vector normalisation: RML2016 divides by Σ|x|, RML2018 scales to unit power. */
export function presetNormalisation(preset: PresetName): 'rml-l1' | 'unit-power' {
  return preset === 'rml2018' ? 'unit-power' : 'rml-l1';
}
