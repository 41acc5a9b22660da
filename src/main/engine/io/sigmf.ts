// SigMF recordings: a `.sigmf-meta` JSON beside its `.sigmf-data`, or a `.sigmf` tar archive
// holding one or more such pairs. Annotations with a `core:label` become labelled windows, each
// burst moved to 0 Hz from its annotated frequency edges (and optionally low-passed and
// resampled, sigmf-bursts.ts); windows where annotations overlap follow a chosen policy.
// Optionally the stretches no labelled annotation covers become unlabelled windows.
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { overlapPolicies, sigmfBurstDefaults, sigmfExtensions } from '../../../shared/sigmf-import-options.ts';
import type { DatasetWriter } from '../store/types.ts';
import { ByteRange } from './byte-source.ts';
import { booleanOption, optionKinds, parseOptions, type ImportPlan, type ImportReport, type ImportRunOptions, type Importer } from './importer.ts';
import { keepWindow, overlapPartners, type AnnotatedSpan } from './annotation-overlaps.ts';
import { burstReader, burstSourceOffset, planBurst, type BurstProcessing, type PlannedBurst } from './sigmf-bursts.ts';
import { decodeSamples, parseDatatype, type SampleDatatype } from './sigmf-datatype.ts';
import { indexTar, isTarHeader } from './tar-index.ts';
import { defaultMaxExpansion, refuseExpansion, windowCount, windowStarts, writeWindows, type SampleBlockReader, type WindowSpan } from './windows.ts';

export const sigmfOptionsSchema = z
  .object({
    windowLength: z.coerce.number().int().min(2).max(1 << 20).default(128),
    /** samples between window starts; defaults to the window length (no overlap) */
    hop: z.coerce.number().int().min(1).optional(),
    /** also cut unlabelled windows (class -1) from stretches no labelled annotation covers */
    unlabelled: booleanOption.default(false),
    /** which channel of a multi-channel recording */
    channel: z.coerce.number().int().min(0).default(0),
    /** map integer samples to [-1, 1) by their full scale */
    scaleIntegers: booleanOption.default(true),
    /** most stored bytes per byte of recording (overlapping annotations and hops repeat samples) */
    maxExpansion: z.coerce.number().positive().default(defaultMaxExpansion),
    /** move each burst with annotated frequency edges to 0 Hz (needs the sample rate) */
    baseband: booleanOption.default(sigmfBurstDefaults.baseband),
    /** low-pass each burst to its annotated band */
    lowpass: booleanOption.default(sigmfBurstDefaults.lowpass),
    /** resample each burst to this many samples per symbol (symbol rate: given, else bandwidth / (1 + rolloff)) */
    samplesPerSymbol: z.coerce.number().positive().max(1024).optional(),
    /** symbol rate in Hz for samplesPerSymbol */
    symbolRate: z.coerce.number().positive().optional(),
    rolloff: z.coerce.number().min(0).max(1).default(sigmfBurstDefaults.rolloff),
    /** windows where annotations overlap in time (and band): skip them, keep them for the stronger signal, or keep them all (with a warning) */
    overlap: z.enum(overlapPolicies).default(sigmfBurstDefaults.overlap),
    /** estimate each labelled window's SNR blindly (rounded to snrStep dB) when the caller can, so class × SNR views fill */
    estimateSnr: booleanOption.default(sigmfBurstDefaults.estimateSnr),
    snrStep: z.coerce.number().positive().max(20).default(sigmfBurstDefaults.snrStep),
  })
  .strict();
export type SigmfOptions = z.output<typeof sigmfOptionsSchema>;

const metaSchema = z.object({
  global: z.looseObject({
    'core:datatype': z.string(),
    'core:sample_rate': z.number().positive().optional(),
    'core:num_channels': z.number().int().min(1).optional(),
    'core:version': z.string().optional(),
  }),
  captures: z
    .array(
      z.looseObject({
        'core:sample_start': z.number().int().min(0),
        'core:frequency': z.number().optional(),
        'core:datetime': z.string().optional(),
        'core:header_bytes': z.number().int().min(0).optional(),
      }),
    )
    .default([]),
  annotations: z
    .array(
      z.looseObject({
        'core:sample_start': z.number().int().min(0),
        'core:sample_count': z.number().int().min(0).optional(),
        'core:label': z.string().optional(),
        'core:freq_lower_edge': z.number().optional(),
        'core:freq_upper_edge': z.number().optional(),
      }),
    )
    .default([]),
});
type SigmfMeta = z.output<typeof metaSchema>;

/** Where one recording's data lives: a whole file, or a member of an archive. */
interface DataLocation {
  path: string;
  offset: number;
  size: number;
}

interface Recording {
  /** the meta file or archive member, for messages */
  name: string;
  meta: SigmfMeta;
  datatype: SampleDatatype;
  channels: number;
  data: DataLocation;
  /** samples per channel in the data */
  samples: number;
  /** capture segments with their byte offsets (header bytes skipped) */
  segments: { sampleStart: number; byteStart: number }[];
}

const coreAnnotationKeys = new Set(['core:sample_start', 'core:sample_count', 'core:label']);

type Annotation = SigmfMeta['annotations'][number];

/** The centre frequency of the capture segment an annotation starts in. */
function centreFrequencyAt(rec: Recording, sample: number): number | null {
  const captures = [...rec.meta.captures].sort((a, b) => a['core:sample_start'] - b['core:sample_start']);
  let at: number | null = null;
  for (const c of captures) if (c['core:sample_start'] <= sample) at = c['core:frequency'] ?? at;
  return at;
}

function burstPlan(rec: Recording, a: Annotation, processing: BurstProcessing): PlannedBurst {
  const start = a['core:sample_start'];
  return planBurst(start, a['core:sample_count'] ?? rec.samples - start, {
    sampleRate: rec.meta.global['core:sample_rate'] ?? null,
    centreFrequency: centreFrequencyAt(rec, start),
    lowerEdge: a['core:freq_lower_edge'] ?? null,
    upperEdge: a['core:freq_upper_edge'] ?? null,
  }, processing);
}

/** Mean power of a stretch of the recording, read in blocks. */
async function meanPower(read: SampleBlockReader, start: number, count: number): Promise<number> {
  const block = 1 << 16;
  let sum = 0;
  for (let s = 0; s < count; s += block) {
    const n = Math.min(block, count - s);
    const x = await read(start + s, n);
    for (let k = 0; k < 2 * n; k++) sum += x[k]! * x[k]!;
  }
  return count > 0 ? sum / count : 0;
}

function dataPathFor(metaPath: string): string {
  return metaPath.replace(/\.sigmf-meta$/i, '.sigmf-data');
}

function metaPathFor(path: string): string {
  return path.replace(/\.sigmf-data$/i, '.sigmf-meta');
}

function parseMeta(text: string, what: string): SigmfMeta {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('BAD_FILE', `${what}: not valid SigMF metadata JSON (${(e as Error).message})`);
  }
  const r = metaSchema.safeParse(json);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.map(String).join('.') || 'root'}: ${i.message}`).join('; ');
    throw new AppError('BAD_FILE', `${what}: invalid SigMF metadata (${why})`);
  }
  return r.data;
}

/** Check the metadata against the data size and work out where each capture's samples start. */
function describeRecording(name: string, meta: SigmfMeta, data: DataLocation, channel: number): Recording {
  const datatype = parseDatatype(meta.global['core:datatype'], name);
  const channels = meta.global['core:num_channels'] ?? 1;
  if (channel >= channels) {
    throw new AppError('VALIDATION', `${name}: channel ${channel} requested, the recording has ${channels}`);
  }
  const stride = datatype.sampleBytes * channels;
  const captures = [...meta.captures].sort((a, b) => a['core:sample_start'] - b['core:sample_start']);
  let headerBytes = 0;
  const segments = captures.map((c) => {
    headerBytes += c['core:header_bytes'] ?? 0;
    return { sampleStart: c['core:sample_start'], byteStart: c['core:sample_start'] * stride + headerBytes };
  });
  if (segments.length === 0 || segments[0].sampleStart > 0) segments.unshift({ sampleStart: 0, byteStart: 0 });
  const payload = data.size - headerBytes;
  if (payload < 0 || payload % stride !== 0) {
    throw new AppError(
      'BAD_FILE',
      `${name}: data size ${data.size} bytes does not fit datatype ${datatype.name} × ${channels} channel(s): ` +
        `expected a multiple of ${stride} bytes${headerBytes ? ` after ${headerBytes} header bytes` : ''}`,
    );
  }
  const samples = payload / stride;
  for (const a of meta.annotations) {
    const end = a['core:sample_start'] + (a['core:sample_count'] ?? 0);
    if (end > samples) {
      throw new AppError(
        'BAD_FILE',
        `${name}: annotation at sample ${a['core:sample_start']} (${a['core:sample_count'] ?? 0} samples) ends past the data, which holds ${samples} samples`,
      );
    }
  }
  return { name, meta, datatype, channels, data, samples, segments };
}

async function readRecordings(path: string, channel: number): Promise<Recording[]> {
  const ext = extname(path).toLowerCase();
  if (ext === '.sigmf') {
    const members = await indexTar(path);
    const metas = members.filter((m) => m.name.toLowerCase().endsWith('.sigmf-meta'));
    if (metas.length === 0) throw new AppError('BAD_FILE', `${path}: SigMF archive holds no .sigmf-meta member`);
    const archive = await ByteRange.openFile(path);
    try {
      const out: Recording[] = [];
      for (const m of metas) {
        const dataName = dataPathFor(m.name);
        const data = members.find((d) => d.name === dataName);
        if (!data) throw new AppError('BAD_FILE', `${path}: archive member ${m.name} has no matching ${dataName}`);
        const meta = parseMeta((await archive.read(m.offset, m.size)).toString('utf8'), `${path}:${m.name}`);
        out.push(describeRecording(`${path}:${m.name}`, meta, { path, offset: data.offset, size: data.size }, channel));
      }
      return out;
    } finally {
      await archive.close();
    }
  }
  const metaPath = metaPathFor(path);
  const dataPath = dataPathFor(metaPath);
  const [metaText, dataStat] = await Promise.all([
    readFile(metaPath, 'utf8').catch(() => {
      throw new AppError('BAD_FILE', `${path}: SigMF metadata ${metaPath} cannot be read`);
    }),
    stat(dataPath).catch(() => {
      throw new AppError('BAD_FILE', `${path}: SigMF data file ${dataPath} is missing`);
    }),
  ]);
  const meta = parseMeta(metaText, metaPath);
  return [describeRecording(metaPath, meta, { path: dataPath, offset: 0, size: dataStat.size }, channel)];
}

/** Reader of [2][count] blocks of one recording, honouring capture header bytes. */
function blockReader(rec: Recording, range: ByteRange, opts: SigmfOptions) {
  const stride = rec.datatype.sampleBytes * rec.channels;
  const layout = { channels: rec.channels, channel: opts.channel, scaleIntegers: opts.scaleIntegers };
  return async (start: number, count: number): Promise<Float32Array> => {
    const out = new Float32Array(2 * count);
    const iq = new Float32Array(2 * count);
    let done = 0;
    while (done < count) {
      const s = start + done;
      let seg = 0;
      while (seg + 1 < rec.segments.length && rec.segments[seg + 1].sampleStart <= s) seg++;
      const next = rec.segments[seg + 1]?.sampleStart ?? Infinity;
      const n = Math.min(count - done, next - s);
      const { sampleStart, byteStart } = rec.segments[seg];
      const bytes = await range.read(byteStart + (s - sampleStart) * stride, n * stride);
      decodeSamples(bytes, rec.datatype, layout, n, iq, 0);
      out.set(iq.subarray(0, n), done);
      out.set(iq.subarray(n, 2 * n), count + done);
      done += n;
    }
    return out;
  };
}

/** Stretches of [0, samples) that no labelled annotation touches. */
function uncoveredSpans(rec: Recording): WindowSpan[] {
  const covered = rec.meta.annotations
    .filter((a) => a['core:label'] !== undefined)
    .map((a) => [a['core:sample_start'], a['core:sample_start'] + (a['core:sample_count'] ?? rec.samples - a['core:sample_start'])])
    .sort((a, b) => a[0] - b[0]);
  const spans: WindowSpan[] = [];
  let at = 0;
  for (const [s, e] of covered) {
    if (s > at) spans.push({ start: at, count: s - at });
    at = Math.max(at, e);
  }
  if (at < rec.samples) spans.push({ start: at, count: rec.samples - at });
  return spans;
}

function planFrom(recs: Recording[], opts: SigmfOptions): ImportPlan {
  const first = recs[0];
  return {
    length: opts.windowLength,
    params: {
      options: { ...opts, hop: opts.hop ?? opts.windowLength },
      datatype: first.datatype.name,
      sampleRate: first.meta.global['core:sample_rate'] ?? null,
      centreFrequency: first.meta.captures[0]?.['core:frequency'] ?? null,
      recordings: recs.map((r) => ({
        name: r.name,
        datatype: r.datatype.name,
        sampleRate: r.meta.global['core:sample_rate'] ?? null,
        channels: r.channels,
        samples: r.samples,
        captures: r.meta.captures,
        annotations: r.meta.annotations.length,
        description: r.meta.global['core:description'] ?? null,
      })),
    },
  };
}

async function inspect(path: string, run: ImportRunOptions): Promise<ImportPlan> {
  const opts = parseOptions(sigmfOptionsSchema, path, run.options);
  return planFrom(await readRecordings(path, opts.channel), opts);
}

async function importSigmf(path: string, writer: DatasetWriter, run: ImportRunOptions): Promise<ImportReport> {
  const opts = parseOptions(sigmfOptionsSchema, path, run.options);
  const hop = opts.hop ?? opts.windowLength;
  const L = opts.windowLength;
  const recs = await readRecordings(path, opts.channel);
  const warnings: string[] = [];

  const processing: BurstProcessing = {
    baseband: opts.baseband,
    lowpass: opts.lowpass,
    rolloff: opts.rolloff,
    ...(opts.samplesPerSymbol === undefined ? {} : { samplesPerSymbol: opts.samplesPerSymbol }),
    ...(opts.symbolRate === undefined ? {} : { symbolRate: opts.symbolRate }),
  };

  // Plan every burst and count its windows first, so a bomb is refused before any window is
  // listed and progress has a true total.
  const planned = recs.map((rec) => ({
    rec,
    bursts: rec.meta.annotations.map((a) => ({ a, burst: burstPlan(rec, a, processing) })),
    freeSpans: opts.unlabelled ? uncoveredSpans(rec) : [],
  }));
  const total = planned.reduce(
    (n, p) =>
      n +
      p.freeSpans.reduce((m, span) => m + windowCount(span, L, hop), 0) +
      p.bursts.reduce((m, { a, burst }) => m + (a['core:label'] === undefined ? 0 : windowCount({ start: 0, count: burst.outputLength }, L, hop)), 0),
    0,
  );
  refuseExpansion(path, total * 2 * L * 4, recs.reduce((n, r) => n + r.data.size, 0), opts.maxExpansion);
  const jobs = planned.map(({ rec, bursts, freeSpans }) => ({
    rec,
    labelled: bursts.map(({ a, burst }) => ({ a, burst, starts: a['core:label'] === undefined ? [] : windowStarts({ start: 0, count: burst.outputLength }, L, hop) })),
    free: freeSpans.flatMap((span) => windowStarts(span, L, hop)),
  }));
  let done = 0;
  const progress = (base: number) => (written: number) =>
    run.onProgress?.({ phase: 'windows', done: base + written, total });
  const overlapped = { windows: 0, dropped: 0 };
  const estimate = opts.estimateSnr ? run.estimateSnrDb : undefined;
  const snrOf = (window: Float32Array): number | null => {
    if (!estimate) return null;
    const db = estimate(window);
    return Number.isFinite(db) ? Math.round(db / opts.snrStep) * opts.snrStep : null;
  };

  let offsetBase = 0;
  for (const { rec, labelled, free } of jobs) {
    const range = await ByteRange.openRange(rec.data.path, rec.data.offset, rec.data.size);
    try {
      const read = blockReader(rec, range, opts);
      const recordingId =
        writer.addRecording?.({
          sourcePath: rec.name,
          datatype: rec.datatype.name,
          sampleRate: rec.meta.global['core:sample_rate'] ?? null,
          centerFrequency: rec.meta.captures[0]?.['core:frequency'] ?? null,
          meta: { global: rec.meta.global, captures: rec.meta.captures, firstSample: offsetBase },
        }) ?? null;
      // labelled annotations that share time (and band) with another: the policy decides their shared windows
      const spans: AnnotatedSpan[] = labelled.map(({ a, burst }) => ({
        start: burst.start,
        end: burst.start + burst.count,
        lower: a['core:label'] === undefined ? null : (a['core:freq_lower_edge'] ?? null),
        upper: a['core:label'] === undefined ? null : (a['core:freq_upper_edge'] ?? null),
        filtered: opts.lowpass,
        power: 0,
      }));
      const partners = overlapPartners(spans).map((p, k) => (labelled[k]!.a['core:label'] === undefined ? [] : p.filter((j) => labelled[j]!.a['core:label'] !== undefined)));
      if (opts.overlap === 'stronger') {
        for (const [k, span] of spans.entries()) if (partners[k]!.length > 0) span.power = await meanPower(read, span.start, span.end - span.start);
      }
      for (const [k, { a, burst, starts }] of labelled.entries()) {
        const label = a['core:label'] ?? null;
        const sampleStart = a['core:sample_start'];
        const extra = Object.fromEntries(Object.entries(a).filter(([key]) => !coreAnnotationKeys.has(key)));
        const annotationId =
          writer.addAnnotation?.({
            sampleStart: offsetBase + sampleStart,
            sampleCount: burst.count,
            label,
            extra,
            recordingId,
          }) ?? null;
        if (label === null) continue;
        if (starts.length === 0) {
          warnings.push(`${rec.name}: annotation '${label}' at sample ${sampleStart} is shorter than one window (${L})`);
          continue;
        }
        const kept = starts.filter((s) => {
          const verdict = keepWindow(spans, partners, k, burstSourceOffset(burst, s), burstSourceOffset(burst, s + L), opts.overlap);
          if (verdict.overlapped) overlapped.windows++;
          if (!verdict.keep) overlapped.dropped++;
          return verdict.keep;
        });
        const classIndex = writer.classIndex(label);
        done += await writeWindows({
          read: burstReader(read, burst),
          starts: kept,
          length: L,
          writer,
          path,
          signal: run.signal,
          meta: (s, window) => ({ classIndex, snr: snrOf(window), sourceOffset: offsetBase + burstSourceOffset(burst, s), annotationId }),
          onBatch: progress(done),
        });
        done += starts.length - kept.length;
      }
      done += await writeWindows({
        read,
        starts: free,
        length: L,
        writer,
        path,
        signal: run.signal,
        meta: (s) => ({ classIndex: -1, snr: null, sourceOffset: offsetBase + s, annotationId: null }),
        onBatch: progress(done),
      });
    } finally {
      await range.close();
    }
    offsetBase += rec.samples;
  }
  if (overlapped.windows > 0) {
    const what = { keep: 'kept under each label (each holds more than one signal)', skip: 'skipped', stronger: 'kept for the stronger signal only' }[opts.overlap];
    warnings.push(
      `${path}: ${overlapped.windows} window${overlapped.windows === 1 ? '' : 's'} fall where labelled annotations overlap: ${what}` +
        (opts.overlap === 'keep' ? '' : ` (${overlapped.dropped} left out)`),
    );
  }
  if (done - overlapped.dropped === 0) warnings.push(`${path}: no window fits any labelled annotation; try a shorter window or unlabelled windows`);
  return { samples: done - overlapped.dropped, warnings };
}

export const sigmfImporter: Importer = {
  id: 'sigmf',
  label: 'SigMF recording (.sigmf-meta + .sigmf-data, or .sigmf archive)',
  extensions: [...sigmfExtensions],
  options: optionKinds(sigmfOptionsSchema),
  detect(path, head) {
    const ext = extname(path).toLowerCase();
    if (ext === '.sigmf') return isTarHeader(head.subarray(0, 512));
    return ext === '.sigmf-meta' || ext === '.sigmf-data';
  },
  inspect,
  run: importSigmf,
  sourceFiles(path) {
    if (extname(path).toLowerCase() === '.sigmf') return [path];
    const metaPath = metaPathFor(path);
    return [metaPath, dataPathFor(metaPath)];
  },
};
