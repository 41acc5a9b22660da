// A preview of the chosen augmentation: one original from the training split, the partner(s) its
// method chose and the result, each as I/Q traces over time and as a constellation, with the
// similarity (relative DTW distance) of every mix. "Another" draws with the next seed. The same
// augmentation can also be written once, offline, as a derived dataset.
import { useMemo, useState } from 'react';
import type { AugmentPreview, AugmentSpecInput, PreviewSignal } from '../../../../shared/augment.ts';
import { call, describeError } from '../../api.ts';
import { Plot } from '../../plots/Plot.tsx';

interface Column {
  key: string;
  title: string;
  signal: PreviewSignal;
  /** exchanged samples to shade */
  segments: { start: number; width: number }[];
}

function SignalColumn({ column }: { column: Column }) {
  const t = useMemo(() => column.signal.i.map((_, k) => k), [column]);
  const traces = useMemo(
    () => [
      { type: 'scatter', mode: 'lines', x: t, y: column.signal.i, name: 'I', line: { width: 1 } },
      { type: 'scatter', mode: 'lines', x: t, y: column.signal.q, name: 'Q', line: { width: 1 } },
    ],
    [column, t],
  );
  const traceLayout = useMemo(
    () => ({
      title: { text: column.title },
      showlegend: false,
      xaxis: { title: { text: 'sample' } },
      shapes: column.segments.map((s) => ({ type: 'rect', xref: 'x', yref: 'paper', x0: s.start - 0.5, x1: s.start + s.width - 0.5, y0: 0, y1: 1, fillcolor: 'rgba(217,119,6,0.15)', line: { width: 0 } })),
    }),
    [column],
  );
  const constellation = useMemo(() => [{ type: 'scattergl', mode: 'markers', x: column.signal.i, y: column.signal.q, marker: { size: 3, opacity: 0.7 } }], [column]);
  const square = useMemo(() => ({ showlegend: false, xaxis: { title: { text: 'I' } }, yaxis: { title: { text: 'Q' }, scaleanchor: 'x' } }), []);
  return (
    <div className="preview-column" data-testid={`preview-${column.key}`}>
      <Plot label={`preview-${column.key}-iq`} data={traces} layout={traceLayout} height={190} />
      <Plot label={`preview-${column.key}-constellation`} data={constellation} layout={square} height={190} />
    </div>
  );
}

function columnsOf(p: AugmentPreview): Column[] {
  const partners = p.partners.slice(0, 4);
  const segments = partners.flatMap((x) => (x.segment ? [x.segment] : []));
  return [
    { key: 'original', title: `original #${p.sampleId}`, signal: p.original, segments: [] },
    ...partners.map((x, k) => ({
      key: `partner-${k}`,
      title: `partner #${x.sampleId}${x.distance !== null ? ` · d ${x.distance.toFixed(3)}` : ''}${x.lambda !== null ? ` · λ ${x.lambda.toFixed(2)}` : ''}`,
      signal: x,
      segments: x.segment ? [x.segment] : [],
    })),
    ...(p.result ? [{ key: 'result', title: 'result', signal: p.result, segments }] : []),
  ];
}

export function AugmentPreviewPanel({ datasetId, spec, classIndex, snr }: { datasetId: number | null; spec: AugmentSpecInput | null; classIndex?: number; snr?: number }) {
  const [preview, setPreview] = useState<AugmentPreview | null>(null);
  const [seed, setSeed] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [perSample, setPerSample] = useState(1);
  const [derivedJob, setDerivedJob] = useState<number | null>(null);

  const writeDataset = () => {
    if (datasetId === null || !spec) return;
    setError(null);
    call('startAugment', { datasetId, spec: { ...spec, perSample }, seed }).then(
      (r) => setDerivedJob(r.jobId),
      (e: unknown) => setError(describeError(e)),
    );
  };

  const show = (nextSeed: number) => {
    if (datasetId === null || !spec) return;
    setBusy(true);
    setError(null);
    call('previewAugmentation', { datasetId, spec, seed: nextSeed, ...(classIndex !== undefined ? { classIndex } : {}), ...(snr !== undefined ? { snr } : {}) }).then(
      (p) => {
        setPreview(p);
        setSeed(nextSeed);
        setBusy(false);
      },
      (e: unknown) => {
        setError(describeError(e));
        setBusy(false);
      },
    );
  };
  const columns = useMemo(() => (preview ? columnsOf(preview) : []), [preview]);
  const distances = preview?.partners.flatMap((p) => (p.distance === null ? [] : [p.distance])) ?? [];

  return (
    <section className="augment-preview" aria-label="Augmentation preview" data-testid="augment-preview" data-ready={preview ? 'true' : 'false'}>
      <div className="train-form">
        <button type="button" onClick={() => show(preview ? seed : 0)} disabled={busy || datasetId === null || !spec}>
          Preview
        </button>
        <button type="button" onClick={() => show(seed + 1)} disabled={busy || !preview}>
          Another
        </button>
        {!spec && <span className="muted">choose a method to preview it</span>}
        <label title="Augmented signals written per training signal">
          Per signal
          <input name="augment-per-sample" type="number" min={1} max={64} value={perSample} onChange={(e) => setPerSample(Math.max(1, Math.floor(Number(e.target.value)) || 1))} />
        </label>
        <button type="button" onClick={writeDataset} disabled={datasetId === null || !spec}>
          Write derived dataset
        </button>
        {derivedJob !== null && (
          <span className="muted" data-testid="derived-job">
            job {derivedJob} writes it; it appears on the Datasets page
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <>
          <p data-testid="preview-summary">
            <strong>{preview.method}</strong> · {preview.className} · {preview.snr === null ? 'SNR unknown' : `${preview.snr} dB`} · seed {preview.seed} ·{' '}
            {distances.length > 0 ? (
              <span data-testid="preview-similarity">
                similarity: relative DTW distance {distances.map((d) => d.toFixed(3)).join(', ')} (0 identical, ≈ 1 unrelated)
              </span>
            ) : preview.result ? (
              'no mixing'
            ) : (
              'no partner in its group'
            )}
            {preview.candidatesExamined > 0 && ` · ${preview.candidatesExamined} candidates examined of ${preview.groupSize - 1}`}
            {preview.rf && ` · RF ${Object.entries(preview.rf).map(([k, v]) => `${k} ${Number(v).toFixed(3)}`).join(', ')}`}
          </p>
          <div className="preview-grid" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(180px, 1fr))` }}>
            {columns.map((c) => (
              <SignalColumn key={c.key} column={c} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
