// Raw interleaved I/Q files (no header of their own): the user states the datatype, sample
// rate and window length; common extensions imply the datatype.
import { extname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import type { DatasetWriter } from '../store/types.ts';
import { ByteRange } from './byte-source.ts';
import { booleanOption, optionKinds, parseOptions, type ImportPlan, type ImportReport, type ImportRunOptions, type Importer } from './importer.ts';
import { decodeSamples, parseDatatype, type SampleDatatype } from './sigmf-datatype.ts';
import { defaultMaxExpansion, refuseExpansion, windowCount, windowStarts, writeWindows } from './windows.ts';

/** Datatype implied by conventional raw-capture extensions (GNU Radio, SDR tools). */
const datatypeByExtension: Record<string, string> = {
  '.cfile': 'cf32_le',
  '.cf32': 'cf32_le',
  '.fc32': 'cf32_le',
  '.cf64': 'cf64_le',
  '.ci16': 'ci16_le',
  '.cs16': 'ci16_le',
  '.sc16': 'ci16_le',
  '.ci8': 'ci8',
  '.cs8': 'ci8',
  '.cu8': 'cu8',
};

const rawExtensions = ['.iq', '.raw', ...Object.keys(datatypeByExtension)];

export const rawIqOptionsSchema = z
  .object({
    /** SigMF datatype string, e.g. 'cf32_le', 'ci16_le', 'cu8'; required unless the extension implies it */
    datatype: z.string().optional(),
    /** Hz */
    sampleRate: z.coerce.number().positive().optional(),
    /** Hz */
    centreFrequency: z.coerce.number().optional(),
    windowLength: z.coerce.number().int().min(2).max(1 << 20).default(128),
    hop: z.coerce.number().int().min(1).optional(),
    /** bytes to skip at the start of the file */
    headerBytes: z.coerce.number().int().min(0).default(0),
    channels: z.coerce.number().int().min(1).default(1),
    channel: z.coerce.number().int().min(0).default(0),
    /** class name given to every window; without it windows are unlabelled (class -1) */
    label: z.string().min(1).optional(),
    /** dB, stored with every window when known */
    snr: z.coerce.number().optional(),
    scaleIntegers: booleanOption.default(true),
    /** most stored bytes per byte of the file (a hop shorter than the window repeats samples) */
    maxExpansion: z.coerce.number().positive().default(defaultMaxExpansion),
  })
  .strict();
export type RawIqOptions = z.output<typeof rawIqOptionsSchema>;

interface RawLayout {
  opts: RawIqOptions;
  datatype: SampleDatatype;
  samples: number;
  fileSize: number;
}

async function describe(path: string, run: ImportRunOptions): Promise<RawLayout> {
  const opts = parseOptions(rawIqOptionsSchema, path, run.options);
  const datatypeName = opts.datatype ?? datatypeByExtension[extname(path).toLowerCase()];
  if (!datatypeName) {
    throw new AppError('VALIDATION', `${path}: raw I/Q needs a datatype option (e.g. cf32_le, ci16_le, cu8)`);
  }
  const datatype = parseDatatype(datatypeName, path);
  if (opts.channel >= opts.channels) {
    throw new AppError('VALIDATION', `${path}: channel ${opts.channel} requested, only ${opts.channels} channel(s) given`);
  }
  const range = await ByteRange.openFile(path);
  const fileSize = range.size;
  await range.close();
  const stride = datatype.sampleBytes * opts.channels;
  const payload = fileSize - opts.headerBytes;
  if (payload < 0 || payload % stride !== 0) {
    throw new AppError(
      'BAD_FILE',
      `${path}: size ${fileSize} bytes does not fit datatype ${datatype.name} × ${opts.channels} channel(s): ` +
        `expected ${opts.headerBytes} header bytes plus a multiple of ${stride} bytes`,
    );
  }
  const samples = payload / stride;
  if (samples < opts.windowLength) {
    throw new AppError('BAD_FILE', `${path}: holds ${samples} samples, fewer than one window of ${opts.windowLength}`);
  }
  const windows = windowCount({ start: 0, count: samples }, opts.windowLength, opts.hop ?? opts.windowLength);
  refuseExpansion(path, windows * 2 * opts.windowLength * 4, payload, opts.maxExpansion);
  return { opts, datatype, samples, fileSize };
}

function planFrom(path: string, layout: RawLayout): ImportPlan {
  const { opts, datatype, samples } = layout;
  return {
    length: opts.windowLength,
    params: {
      options: { ...opts, datatype: datatype.name, hop: opts.hop ?? opts.windowLength },
      datatype: datatype.name,
      sampleRate: opts.sampleRate ?? null,
      centreFrequency: opts.centreFrequency ?? null,
      samples,
    },
  };
}

async function importRawIq(path: string, writer: DatasetWriter, run: ImportRunOptions): Promise<ImportReport> {
  const layout = await describe(path, run);
  const { opts, datatype, samples } = layout;
  const L = opts.windowLength;
  const starts = windowStarts({ start: 0, count: samples }, L, opts.hop ?? L);
  const classIndex = opts.label === undefined ? -1 : writer.classIndex(opts.label);
  const stride = datatype.sampleBytes * opts.channels;
  const decode = { channels: opts.channels, channel: opts.channel, scaleIntegers: opts.scaleIntegers };
  const range = await ByteRange.openFile(path);
  try {
    const written = await writeWindows({
      read: async (start, count) => {
        const bytes = await range.read(opts.headerBytes + start * stride, count * stride);
        const out = new Float32Array(2 * count);
        decodeSamples(bytes, datatype, decode, count, out, 0);
        return out;
      },
      starts,
      length: L,
      writer,
      path,
      signal: run.signal,
      meta: (s) => ({ classIndex, snr: opts.snr ?? null, sourceOffset: s }),
      onBatch: (done) => run.onProgress?.({ phase: 'windows', done, total: starts.length }),
    });
    return { samples: written, warnings: [] };
  } finally {
    await range.close();
  }
}

export const rawIqImporter: Importer = {
  id: 'raw-iq',
  label: 'Raw interleaved I/Q (datatype, sample rate and window length given by the user)',
  extensions: rawExtensions,
  options: optionKinds(rawIqOptionsSchema),
  detect: (path) => rawExtensions.includes(extname(path).toLowerCase()),
  inspect: async (path, run) => planFrom(path, await describe(path, run)),
  run: importRawIq,
};
