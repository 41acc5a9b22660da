// The export form's settings: format, output path (picked in the main process's save dialog,
// which suggests a name beside the project), int8 calibration size and overwrite; and the
// startExport request they make.
import { useState } from 'react';
import type { ChannelInput } from '../../../../shared/contract.ts';
import type { ModelSummary } from '../../../../shared/dto.ts';
import type { ExportFormatName } from '../../../../shared/pruning.ts';
import { call, choose, describeError } from '../../api.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { suggestedExportPath } from './export-path.ts';

export interface ExportForm {
  format: ExportFormatName;
  /** empty until the user has chosen where to write */
  outPath: string;
  calibrationSamples: number;
  overwrite: boolean;
  /** a failed dialog call, as a line to show */
  chooseError: string | null;
  /** a new format needs a new name: the chosen path is dropped */
  setFormat(format: ExportFormatName): void;
  choosePath(): Promise<void>;
  setCalibrationSamples(n: number): void;
  setOverwrite(overwrite: boolean): void;
  request(): ChannelInput<'startExport'>;
}

export function useExportForm(model: ModelSummary): ExportForm {
  const [format, setFormat] = useState<ExportFormatName>('onnx');
  const [outPath, setOutPath] = useState('');
  const [chooseError, setChooseError] = useState<string | null>(null);
  const [calibrationSamples, setCalibrationSamples] = useState(512);
  const [overwrite, setOverwrite] = useState(false);
  const project = useAsync(() => call('getProjectInfo', {}), []);

  return {
    format,
    outPath,
    calibrationSamples,
    overwrite,
    chooseError,
    setFormat: (next) => {
      setFormat(next);
      setOutPath('');
    },
    choosePath: async () => {
      setChooseError(null);
      const suggestion = project.value ? suggestedExportPath(project.value.path, model.name, format) : undefined;
      try {
        const chosen = await choose('chooseSavePath', {
          title: format === 'tfjs' ? 'Export to folder' : 'Export to file',
          ...(suggestion ? { defaultPath: suggestion } : {}),
          ...(format === 'tfjs' ? {} : { extensions: ['onnx'] }),
        });
        if (chosen) setOutPath(chosen);
      } catch (err) {
        setChooseError(describeError(err));
      }
    },
    setCalibrationSamples,
    setOverwrite,
    request: () => ({ modelId: model.id, format, outPath, overwrite, ...(format === 'onnx-int8' ? { calibrationSamples } : {}) }),
  };
}
