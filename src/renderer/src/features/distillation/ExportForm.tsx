// Write the distilled set as files other tools read: .npz (numpy.load) or an RML-style pickle,
// to a path picked in the main process's save dialog.
import { useState, type FormEvent } from 'react';
import { datasetExportFormatNames, type DatasetExportFormatName } from '../../../../shared/distillation.ts';
import type { DatasetSummary } from '../../../../shared/dto.ts';
import { call, choose, describeError } from '../../api.ts';
import { useJobWatch } from '../../hooks/useJobWatch.ts';
import { JobStatus } from '../jobs/JobStatus.tsx';

export function ExportForm({ dataset }: { dataset: DatasetSummary }) {
  const [format, setFormat] = useState<DatasetExportFormatName>('npz');
  const [outPath, setOutPath] = useState('');
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const watch = useJobWatch(jobId);
  // RML keys need an SNR: a per-class set's signals have none, so they are written at 0 dB
  const unknownSnr = dataset.snrs.length === 0 ? { unknownSnr: 0 } : {};
  const pick = () => {
    setError(null);
    const extension = format === 'npz' ? 'npz' : 'pkl';
    choose('chooseSavePath', { title: 'Export the distilled set', defaultPath: `${dataset.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.${extension}`, extensions: [extension] }).then(
      (chosen) => chosen && setOutPath(chosen),
      (err: unknown) => setError(describeError(err)),
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    call('startDatasetExport', { datasetId: dataset.id, format, outPath, ...(format === 'rml-pickle' ? unknownSnr : {}) }).then((r) => setJobId(r.jobId), (err: unknown) => setError(describeError(err)));
  };
  return (
    <form className="train-form" onSubmit={submit} aria-label="Export the distilled set">
      <label>
        Export as
        <select
          name="export-format"
          value={format}
          onChange={(e) => {
            setFormat(e.target.value as DatasetExportFormatName);
            setOutPath('');
          }}
        >
          {datasetExportFormatNames.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <label>
        To file
        <input name="export-path" value={outPath} placeholder="not chosen yet" readOnly />
      </label>
      <button type="button" name="export-choose" onClick={pick}>
        Choose…
      </button>
      <button type="submit" disabled={!outPath || watch.running}>
        Export
      </button>
      {watch.job && <JobStatus job={watch.job} testId="dataset-export-job" />}
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}
