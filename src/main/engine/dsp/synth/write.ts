// Writes a generated dataset into a project through the store's DatasetWriter: one transaction,
// so a failed or cancelled generation leaves the project as it was.
import { createHash } from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import type { DatasetDraft, DatasetInfo, DatasetWriter, SampleMeta } from '../../store/types.ts';
import { channelOf, generationPlan, synthesizeKey, type GeneratorConfig } from './generate.ts';
import { SAMPLE_RATE_HZ } from './baseband.ts';
import { presetNormalisation } from './presets.ts';

/** The part of the project store this needs. */
export interface DatasetSink {
  beginDataset(draft: DatasetDraft): DatasetWriter;
}

export interface WriteGeneratedOptions {
  name?: string;
  /** called after each (class, SNR) key with vectors written so far and in all */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Everything that determines the bytes, with defaults filled in: the dataset's params and hash input. */
export function resolvedGeneratorParams(config: GeneratorConfig): Record<string, unknown> {
  const plan = generationPlan(config);
  return {
    generator: 'amr-studio-synth',
    generatorVersion: 1,
    preset: config.preset,
    classes: [...new Set(plan.map((k) => k.className))],
    snrs: [...config.snrs],
    perKey: config.perKey,
    length: config.length,
    seed: config.seed,
    normalisation: config.normalisation ?? presetNormalisation(config.preset),
    snrConvention: config.snrConvention ?? 'per-sample',
    channel: channelOf(config),
    sampleRateHz: SAMPLE_RATE_HZ,
    snrDefinition: 'per-sample power ratio over the full band: mean|s|² / mean|w|² of each vector (twice the label under rml2016-amplitude)',
  };
}

export function generatorConfigHash(config: GeneratorConfig): string {
  return createHash('sha256').update(JSON.stringify(resolvedGeneratorParams(config))).digest('hex');
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function writeGeneratedDataset(store: DatasetSink, config: GeneratorConfig, options: WriteGeneratedOptions = {}): Promise<DatasetInfo> {
  const plan = generationPlan(config);
  const params = resolvedGeneratorParams(config);
  const classes = params.classes as string[];
  const total = plan.length * config.perKey;
  const writer = store.beginDataset({
    name: options.name ?? `Synthetic ${config.preset} (seed ${config.seed})`,
    kind: 'generated',
    format: 'synthetic',
    sourcePath: null,
    sourceHash: generatorConfigHash(config),
    length: config.length,
    params,
  });
  try {
    // register classes in config order so their indices follow it
    for (const c of classes) writer.classIndex(c);
    let done = 0;
    for (const key of plan) {
      if (options.signal?.aborted) throw new AppError('CANCELLED', 'generation cancelled; the project is unchanged');
      const vectors = synthesizeKey(config, key.className, key.snr);
      const classIndex = writer.classIndex(key.className);
      const meta: SampleMeta[] = Array.from({ length: config.perKey }, (_, k) => ({ classIndex, snr: key.snr, sourceOffset: done + k }));
      writer.append(vectors, meta);
      done += config.perKey;
      options.onProgress?.(done, total);
      await yieldToEventLoop();
    }
    if (options.signal?.aborted) throw new AppError('CANCELLED', 'generation cancelled; the project is unchanged');
    return writer.commit();
  } catch (err) {
    writer.abort();
    throw err;
  }
}
