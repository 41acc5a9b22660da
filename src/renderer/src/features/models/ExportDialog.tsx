// Exports one model: format, output path and int8 calibration size; runs the export as a job,
// then shows the deployment report measured on the written file, and the model's earlier exports.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ExportSummary, JobDetail, ModelSummary } from '../../../../shared/dto.ts';
import { exportFormatNames, type ExportFormatName } from '../../../../shared/pruning.ts';
import { call, describeError } from '../../api.ts';
import { bytes } from '../../app/format.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { useJobWatch } from '../../hooks/useJobWatch.ts';
import { JobStatus } from '../jobs/JobStatus.tsx';
import { DeploymentReport } from './DeploymentReport.tsx';
import { suggestedExportPath } from './export-path.ts';

const formatLabels: Record<ExportFormatName, string> = { onnx: 'ONNX (float32)', 'onnx-int8': 'ONNX int8 (static QDQ)', tfjs: 'TF.js layers model (folder)' };

export function ExportDialog({ model, onClose }: { model: ModelSummary; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ExportFormatName>('onnx');
  const [outPath, setOutPath] = useState('');
  const [pathEdited, setPathEdited] = useState(false);
  const [calibrationSamples, setCalibrationSamples] = useState(512);
  const [overwrite, setOverwrite] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const [shown, setShown] = useState<ExportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const project = useAsync(() => call('getProjectInfo', {}), []);
  const previous = useAsync(() => call('listExports', { modelId: model.id }), [model.id]);

  useEffect(() => {
    ref.current?.showModal();
  }, []);
  useEffect(() => {
    if (!pathEdited && project.value) setOutPath(suggestedExportPath(project.value.path, model.name, format));
  }, [project.value, model.name, format, pathEdited]);

  const finished = useCallback(
    (j: JobDetail) => {
      if (j.status !== 'done') return;
      call('getExportResult', { jobId: j.id }).then(setShown, (e: unknown) => setError(describeError(e)));
      previous.reload();
    },
    [previous.reload],
  );
  const watch = useJobWatch(jobId, finished);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setShown(null);
    call('startExport', { modelId: model.id, format, outPath, overwrite, ...(format === 'onnx-int8' ? { calibrationSamples } : {}) }).then(
      (r) => setJobId(r.jobId),
      (err: unknown) => setError(describeError(err)),
    );
  };

  const exports = previous.value ?? [];
  return (
    <dialog ref={ref} className="export-dialog" aria-labelledby="export-title" onClose={onClose} data-testid="export-dialog">
      <h3 id="export-title">Export “{model.name}”</h3>
      <form className="export-form" onSubmit={submit} aria-label="Export settings">
        <label>
          Format
          <select name="export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormatName)}>
            {exportFormatNames.map((f) => (
              <option key={f} value={f}>
                {formatLabels[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Output {format === 'tfjs' ? 'folder' : 'file'}
          <input
            name="export-path"
            value={outPath}
            spellCheck={false}
            onChange={(e) => {
              setPathEdited(true);
              setOutPath(e.target.value);
            }}
          />
        </label>
        {format === 'onnx-int8' && (
          <label>
            Calibration samples
            <input name="export-calibration" type="number" min={1} max={100000} value={calibrationSamples} onChange={(e) => setCalibrationSamples(Number(e.target.value))} />
          </label>
        )}
        <label className="inline">
          <input type="checkbox" name="export-overwrite" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
          Replace an existing file
        </label>
        <button type="submit" disabled={watch.running || outPath.trim() === ''}>
          Export
        </button>
      </form>
      {watch.job && <JobStatus job={watch.job} testId="export-job" />}
      {(error ?? watch.error) && (
        <p className="error" role="alert" data-testid="export-error">
          {error ?? watch.error}
        </p>
      )}
      {shown && <DeploymentReport summary={shown} />}
      <h4>Earlier exports of this model</h4>
      {exports.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table className="grid" aria-label="Exports" data-testid="export-list">
          <thead>
            <tr>
              <th>#</th>
              <th>Format</th>
              <th>Path</th>
              <th className="num">Size</th>
              <th>When</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {exports.map((x) => (
              <tr key={x.id} data-export-id={x.id} className={shown?.id === x.id ? 'selected' : undefined}>
                <td>{x.id}</td>
                <td>{x.format}</td>
                <td className="path">{x.path}</td>
                <td className="num">{bytes(x.sizeBytes)}</td>
                <td>{new Date(x.createdAt).toLocaleString()}</td>
                <td>
                  <button type="button" onClick={() => setShown(x)} disabled={!x.report}>
                    Report
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
