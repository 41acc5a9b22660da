// The export form's settings: format, output path (suggested beside the project until the user
// edits it), int8 calibration size and overwrite; and the startExport request they make.
import { useEffect, useState } from 'react';
import type { ChannelInput } from '../../../../shared/contract.ts';
import type { ModelSummary } from '../../../../shared/dto.ts';
import type { ExportFormatName } from '../../../../shared/pruning.ts';
import { call } from '../../api.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { suggestedExportPath } from './export-path.ts';

export interface ExportForm {
  format: ExportFormatName;
  outPath: string;
  calibrationSamples: number;
  overwrite: boolean;
  setFormat(format: ExportFormatName): void;
  /** the user's own path: no longer follows the suggestion */
  editPath(path: string): void;
  setCalibrationSamples(n: number): void;
  setOverwrite(overwrite: boolean): void;
  request(): ChannelInput<'startExport'>;
}

export function useExportForm(model: ModelSummary): ExportForm {
  const [format, setFormat] = useState<ExportFormatName>('onnx');
  const [outPath, setOutPath] = useState('');
  const [pathEdited, setPathEdited] = useState(false);
  const [calibrationSamples, setCalibrationSamples] = useState(512);
  const [overwrite, setOverwrite] = useState(false);
  const project = useAsync(() => call('getProjectInfo', {}), []);

  useEffect(() => {
    if (!pathEdited && project.value) setOutPath(suggestedExportPath(project.value.path, model.name, format));
  }, [project.value, model.name, format, pathEdited]);

  return {
    format,
    outPath,
    calibrationSamples,
    overwrite,
    setFormat,
    editPath: (path) => {
      setPathEdited(true);
      setOutPath(path);
    },
    setCalibrationSamples,
    setOverwrite,
    request: () => ({ modelId: model.id, format, outPath, overwrite, ...(format === 'onnx-int8' ? { calibrationSamples } : {}) }),
  };
}
