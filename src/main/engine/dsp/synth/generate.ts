// Synthetic RadioML-style datasets: for every (class, SNR) key, `perKey` vectors of
// [2][length] float32, each an independent transmission through an independent channel
// realisation, normalised as the preset's dataset is (RML2016: x / Σ|x|; RML2018: unit power).
import { AppError } from '../../../../shared/errors.ts';
import { createRng, deriveSeed } from '../../base/random.ts';
import { applyChannel, channelInputLength, rmlChannel, type ChannelConfig } from './channel.ts';
import { modulatorFor, presetClasses, presetNormalisation, type PresetName } from './presets.ts';

/**
 * 'rml-l1': divide by Σ|x[n]| over the vector (the RML2016 generator's convention);
 * 'unit-power': scale to mean |x|² = 1 (RML2018's convention); 'none': raw received samples.
 */
export type VectorNormalisation = 'rml-l1' | 'unit-power' | 'none';

/**
 * How an SNR label maps to noise. 'per-sample': the label is the true per-sample SNR (default).
 * 'rml2016-amplitude': as the RML2016 generator, which set the noise *amplitude* to 10^(−snr/10)
 * for a unit-power signal, so a vector labelled s dB really has 2·s dB.
 */
export type SnrConvention = 'per-sample' | 'rml2016-amplitude';

export interface GeneratorConfig {
  preset: PresetName;
  /** subset of the preset's classes (default: all), in the order they are generated */
  classes?: string[];
  /** SNR labels in dB (per-sample power ratio over the full band, see channel.ts) */
  snrs: number[];
  perKey: number;
  /** samples per vector: 128 (RML2016) or 1024 (RML2018) */
  length: number;
  seed: number;
  /** overrides of the RadioML channel parameters */
  channel?: Partial<ChannelConfig>;
  /** default: the preset's own ('rml-l1' for rml2016, 'unit-power' for rml2018) */
  normalisation?: VectorNormalisation;
  snrConvention?: SnrConvention;
}

export interface GenerationKey {
  className: string;
  snr: number;
}

/** Receives one key's vectors: perKey · 2 · length float32 values, layout [n][2][length]. */
export type VectorSink = (className: string, snr: number, vectors: Float32Array) => void;

const MAX_LENGTH = 1 << 16;

/** Validates the config and lists its keys, class-major then SNR in the given order. */
export function generationPlan(config: GeneratorConfig): GenerationKey[] {
  const known = presetClasses(config.preset);
  const classes = config.classes ?? [...known];
  if (classes.length === 0) throw new AppError('VALIDATION', 'generator: no classes selected');
  for (const c of classes) {
    if (!known.includes(c)) throw new AppError('VALIDATION', `generator: preset ${config.preset} has no class '${c}' (known: ${known.join(', ')})`);
  }
  if (new Set(classes).size !== classes.length) throw new AppError('VALIDATION', `generator: classes repeat: ${classes.join(', ')}`);
  if (config.snrs.length === 0) throw new AppError('VALIDATION', 'generator: no SNRs selected');
  for (const snr of config.snrs) {
    if (!Number.isFinite(snr)) throw new AppError('VALIDATION', `generator: SNR ${snr} is not a number of dB`);
  }
  if (!Number.isInteger(config.perKey) || config.perKey < 1) throw new AppError('VALIDATION', `generator: perKey must be a positive integer, got ${config.perKey}`);
  if (!Number.isInteger(config.length) || config.length < 16 || config.length > MAX_LENGTH) {
    throw new AppError('VALIDATION', `generator: length must be an integer in 16 … ${MAX_LENGTH} (128 for RML2016, 1024 for RML2018), got ${config.length}`);
  }
  if (!Number.isFinite(config.seed)) throw new AppError('VALIDATION', `generator: seed must be a number, got ${config.seed}`);
  channelOf(config);
  return classes.flatMap((className) => config.snrs.map((snr) => ({ className, snr })));
}

/** The RadioML channel with the config's overrides, checked for consistency. */
export function channelOf(config: GeneratorConfig): ChannelConfig {
  const channel = { ...rmlChannel, ...config.channel };
  const paths = channel.pathDelaysSamples.length;
  if (paths === 0 || paths !== channel.pathMagnitudes.length) {
    throw new AppError('VALIDATION', `generator channel: ${paths} path delays but ${channel.pathMagnitudes.length} path magnitudes`);
  }
  if (!Number.isInteger(channel.fadingTaps) || channel.fadingTaps < 2) {
    throw new AppError('VALIDATION', `generator channel: fadingTaps must be an integer ≥ 2, got ${channel.fadingTaps}`);
  }
  const numbers = [channel.sampleRateHz, channel.sroStdHz, channel.sroMaxHz, channel.cfoStdHz, channel.cfoMaxHz, channel.ricianK, channel.dopplerHz];
  if (numbers.some((v) => !Number.isFinite(v) || v < 0) || channel.sampleRateHz === 0) {
    throw new AppError('VALIDATION', 'generator channel: rates, offsets, K factor and Doppler must be finite and ≥ 0 (sample rate > 0)');
  }
  return channel;
}

/**
 * The vectors of one key. Seeded from (seed, preset, class, SNR, length) alone, so a key's data do
 * not change when other classes or SNRs are added to the config.
 */
export function synthesizeKey(config: GeneratorConfig, className: string, snr: number): Float32Array {
  const { perKey, length } = config;
  const channel = channelOf(config);
  const modulate = modulatorFor(config.preset, className);
  const normalisation = config.normalisation ?? presetNormalisation(config.preset);
  const rng = createRng(deriveSeed(config.seed, config.preset, className, snr, length));
  const inputLength = channelInputLength(length, channel);
  const trueSnr = config.snrConvention === 'rml2016-amplitude' ? 2 * snr : snr;
  const out = new Float32Array(perKey * 2 * length);
  for (let v = 0; v < perKey; v++) {
    const received = applyChannel(modulate(rng, inputLength), length, trueSnr, channel, rng);
    const scale = normalisationScale(received.re, received.im, normalisation);
    const base = v * 2 * length;
    for (let n = 0; n < length; n++) {
      out[base + n] = received.re[n] * scale;
      out[base + length + n] = received.im[n] * scale;
    }
  }
  return out;
}

function normalisationScale(re: Float64Array, im: Float64Array, normalisation: VectorNormalisation): number {
  if (normalisation === 'none') return 1;
  let sum = 0;
  for (let n = 0; n < re.length; n++) {
    sum += normalisation === 'rml-l1' ? Math.hypot(re[n], im[n]) : re[n] * re[n] + im[n] * im[n];
  }
  if (sum === 0) return 1;
  return normalisation === 'rml-l1' ? 1 / sum : 1 / Math.sqrt(sum / re.length);
}

export interface GenerationSummary {
  keys: number;
  vectors: number;
}

/** Generates every key of the config in plan order and hands each to the sink. */
export function generateDataset(config: GeneratorConfig, sink: VectorSink): GenerationSummary {
  const plan = generationPlan(config);
  for (const key of plan) sink(key.className, key.snr, synthesizeKey(config, key.className, key.snr));
  return { keys: plan.length, vectors: plan.length * config.perKey };
}
