import type { DatasetSummary } from '../../../../shared/dto.ts';

export function DatasetList({ datasets, selected, onSelect }: { datasets: DatasetSummary[]; selected: number | null; onSelect: (id: number) => void }) {
  return (
    <table className="grid datasets" aria-label="Datasets">
      <thead>
        <tr>
          <th>Name</th>
          <th>Source</th>
          <th>Format</th>
          <th className="num">Samples</th>
          <th className="num">Classes</th>
          <th className="num">SNRs</th>
          <th className="num">Length</th>
        </tr>
      </thead>
      <tbody>
        {datasets.map((d) => (
          <tr key={d.id} className={d.id === selected ? 'selected' : ''} aria-selected={d.id === selected}>
            <td>
              <button type="button" className="link" data-dataset={d.name} onClick={() => onSelect(d.id)}>
                {d.name}
              </button>
            </td>
            {d.origin ? (
              <td className="origin" data-origin={d.name}>
                {d.origin}
              </td>
            ) : (
              <td title={d.sourcePath ?? undefined} data-derived-from={d.derivedFrom?.datasetId}>
                {d.derivedFrom ? `${d.kind} from ${d.derivedFrom.name} (${d.derivedFrom.method})` : d.sourcePath ? d.sourcePath.split(/[\\/]/).pop() : d.kind}
              </td>
            )}
            <td>{d.format}</td>
            <td className="num">{d.count.toLocaleString()}</td>
            <td className="num">{d.classes.length}</td>
            <td className="num">{d.snrs.length ? `${d.snrs[0]}…${d.snrs[d.snrs.length - 1]} dB` : '—'}</td>
            <td className="num">{d.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
