// Import a file chosen in the main process's file dialog (Choose file…, or File › Import…): the
// engine accepts no path the page typed itself. The import runs as a job in a worker process: its
// progress arrives as events, and Cancel stops it leaving the project as it was. A SigMF
// recording offers the importer's burst options.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ImportProgressEvent } from '../../../../shared/contract.ts';
import type { ImportResult } from '../../../../shared/dto.ts';
import { AppError } from '../../../../shared/errors.ts';
import { isSigmfPath } from '../../../../shared/sigmf-import-options.ts';
import { call, choose, describeError, subscribe } from '../../api.ts';
import { initialSigmfForm, sigmfImportOptions, type SigmfForm } from './sigmf-import-form.ts';
import { SigmfOptionsFields } from './SigmfOptionsFields.tsx';

export interface ImportRequest {
  path: string;
  seq: number;
}

export function ImportPanel({ request, onImported }: { request: ImportRequest | null; onImported: (r: ImportResult) => void }) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ImportProgressEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [sigmf, setSigmf] = useState<SigmfForm>(initialSigmfForm);

  const run = async (file: string) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    setProgress(null);
    setCancelled(false);
    setCancelling(false);
    try {
      const result = await call('importDataset', isSigmfPath(file) ? { path: file, options: sigmfImportOptions(sigmf) } : { path: file });
      const warn = result.warnings.length ? ` (${result.warnings.length} warnings: ${result.warnings.join('; ')})` : '';
      setMessage(`Imported ${result.dataset.count.toLocaleString()} samples as “${result.dataset.name}”${warn}`);
      onImported(result);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CANCELLED') setCancelled(true);
      else setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!progress) return;
    setCancelling(true);
    try {
      await call('cancelJob', { jobId: progress.jobId });
    } catch (err) {
      setError(describeError(err));
    }
  };

  useEffect(() => subscribe('importProgress', setProgress), []);
  // a file chosen in the shell's File › Import… dialog; seq tells repeated requests apart
  const handled = useRef(0);
  useEffect(() => {
    if (!request || request.seq === handled.current) return;
    handled.current = request.seq;
    setPath(request.path);
    void run(request.path);
  });

  const pick = async () => {
    setError(null);
    try {
      const chosen = await choose('chooseImportFile', {});
      if (chosen) setPath(chosen);
    } catch (err) {
      setError(describeError(err));
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void run(path.trim());
  };
  const pct = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : null;
  return (
    <form className="import" onSubmit={submit} aria-label="Import a dataset">
      <label>
        Import file
        <input
          name="import-path"
          value={path}
          placeholder="RML2016.10a_dict.pkl, GOLD_XYZ_OSC.0001_1024.hdf5, recording.sigmf-meta …"
          readOnly
          disabled={busy}
          spellCheck={false}
        />
      </label>
      <button type="button" name="import-choose" onClick={() => void pick()} disabled={busy}>
        Choose file…
      </button>
      {isSigmfPath(path) && <SigmfOptionsFields form={sigmf} onChange={setSigmf} disabled={busy} />}
      <button type="submit" disabled={busy || !path.trim()}>
        {busy ? 'Importing…' : 'Import'}
      </button>
      {busy && (
        <progress
          data-testid="import-progress"
          data-phase={progress?.phase}
          data-done={progress?.done}
          max={100}
          value={pct ?? undefined}
          aria-label="Import progress"
        >
          {pct ?? 0}%
        </progress>
      )}
      {busy && progress && <span className="muted">{progress.phase}</span>}
      {busy && progress && (
        <button type="button" onClick={() => void cancel()} disabled={cancelling} data-testid="import-cancel">
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
      {cancelled && (
        <p className="muted" role="status" data-testid="import-cancelled">
          Import cancelled: nothing was written to the project.
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {message && <p className="ok" data-testid="import-message">{message}</p>}
    </form>
  );
}
