// Class × SNR counts of a dataset; clicking a cell opens that class at that SNR in the class view.
import type { DatasetSummary } from '../../../../shared/dto.ts';

export interface CellPick {
  classIndex: number;
  snr: number;
}

export function CountMatrix({ dataset, picked, onPick }: { dataset: DatasetSummary; picked: CellPick | null; onPick: (c: CellPick) => void }) {
  const max = Math.max(1, ...dataset.counts.flat());
  return (
    <div className="matrix-wrap">
      <table className="matrix" aria-label="Samples per class and SNR" data-testid="count-matrix">
        <thead>
          <tr>
            <th scope="col">class \ SNR</th>
            {dataset.snrs.map((s) => (
              <th key={s} scope="col">
                {s}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {dataset.classes.map((name, ci) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              {dataset.snrs.map((snr, si) => {
                const n = dataset.counts[ci]?.[si] ?? 0;
                const isPicked = picked?.classIndex === ci && picked.snr === snr;
                return (
                  <td key={snr} style={{ ['--fill' as string]: String(n / max) }} className={isPicked ? 'picked' : ''}>
                    <button
                      type="button"
                      data-cell={`${name}|${snr}`}
                      aria-label={`${name} at ${snr} dB: ${n} samples`}
                      disabled={n === 0}
                      onClick={() => onPick({ classIndex: ci, snr })}
                    >
                      {n}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
