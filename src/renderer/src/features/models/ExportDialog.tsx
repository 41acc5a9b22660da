// Exports one model: format, output path (from the save dialog) and int8 calibration size; runs
// the export as a job, then shows the deployment report measured on the written file, and the model's earlier exports.
import { useEffect, useRef, type FormEvent } from 'react';
import type { ModelSummary } from '../../../../shared/dto.ts';
import { exportFormatNames, type ExportFormatName } from '../../../../shared/pruning.ts';
import { bytes } from '../../app/format.ts';
import { JobStatus } from '../jobs/JobStatus.tsx';
import { DeploymentReport } from './DeploymentReport.tsx';
import { useExportForm } from './useExportForm.ts';
import { useModelExports } from './useModelExports.ts';

const formatLabels: Record<ExportFormatName, string> = { onnx: 'ONNX (float32)', 'onnx-int8': 'ONNX int8 (static QDQ)', tfjs: 'TF.js layers model (folder)' };

export function ExportDialog({ model, onClose }: { model: ModelSummary; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const form = useExportForm(model);
  const exports = useModelExports(model.id);
  const { watch, shown } = exports;

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    exports.start(form.request());
  };

  return (
    <dialog ref={ref} className="export-dialog" aria-labelledby="export-title" onClose={onClose} data-testid="export-dialog">
      <h3 id="export-title">Export “{model.name}”</h3>
      <form className="export-form" onSubmit={submit} aria-label="Export settings">
        <label>
          Format
          <select name="export-format" value={form.format} onChange={(e) => form.setFormat(e.target.value as ExportFormatName)}>
            {exportFormatNames.map((f) => (
              <option key={f} value={f}>
                {formatLabels[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Output {form.format === 'tfjs' ? 'folder' : 'file'}
          <input name="export-path" value={form.outPath} placeholder="not chosen yet" readOnly spellCheck={false} />
        </label>
        <button type="button" name="export-choose" onClick={() => void form.choosePath()}>
          Choose…
        </button>
        {form.format === 'onnx-int8' && (
          <label>
            Calibration samples
            <input name="export-calibration" type="number" min={1} max={100000} value={form.calibrationSamples} onChange={(e) => form.setCalibrationSamples(Number(e.target.value))} />
          </label>
        )}
        <label className="inline">
          <input type="checkbox" name="export-overwrite" checked={form.overwrite} onChange={(e) => form.setOverwrite(e.target.checked)} />
          Replace an existing file
        </label>
        <button type="submit" disabled={watch.running || form.outPath.trim() === ''}>
          Export
        </button>
      </form>
      {watch.job && <JobStatus job={watch.job} testId="export-job" />}
      {form.chooseError && (
        <p className="error" role="alert">
          {form.chooseError}
        </p>
      )}
      {exports.error && (
        <p className="error" role="alert" data-testid="export-error">
          {exports.error}
        </p>
      )}
      {shown && <DeploymentReport summary={shown} />}
      <h4>Earlier exports of this model</h4>
      {exports.earlier.length === 0 ? (
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
            {exports.earlier.map((x) => (
              <tr key={x.id} data-export-id={x.id} className={shown?.id === x.id ? 'selected' : undefined}>
                <td>{x.id}</td>
                <td>{x.format}</td>
                <td className="path">{x.path}</td>
                <td className="num">{bytes(x.sizeBytes)}</td>
                <td>{new Date(x.createdAt).toLocaleString()}</td>
                <td>
                  <button type="button" onClick={() => exports.show(x)} disabled={!x.report}>
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
