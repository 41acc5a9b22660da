// Export settings for one model. The exporters are not wired to the workbench yet: the dialog
// says what will be offered and which command line exists today.
import { useEffect, useRef } from 'react';
import type { ModelSummary } from '../../../../shared/dto.ts';

export function ExportDialog({ model, onClose }: { model: ModelSummary; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} className="export-dialog" aria-labelledby="export-title" onClose={onClose} data-testid="export-dialog">
      <h3 id="export-title">Export “{model.name}”</h3>
      <p>Formats that will be offered here:</p>
      <ul>
        <li>ONNX (opset 13, float32), checked against TF.js outputs on a sample batch</li>
        <li>ONNX with int8 weight quantisation, with the accuracy change reported per SNR</li>
        <li>TF.js layers model (model.json + weights)</li>
      </ul>
      <p className="muted">
        Exporting from the workbench is not available in this build yet. From a terminal: <code>amr-studio help</code> lists the export command when it is present.
      </p>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
