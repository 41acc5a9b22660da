// Datasets: import, pick a dataset, see its class × SNR counts, page through samples, look at one.
import { useCallback, useEffect, useState } from 'react';
import type { SampleRow, SampleView } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { EmptyState } from '../../app/EmptyState.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { ClassView } from './ClassView.tsx';
import { CountMatrix, type CellPick } from './CountMatrix.tsx';
import { DatasetList } from './DatasetList.tsx';
import { ImportPanel, type ImportRequest } from './ImportPanel.tsx';
import { noFilter, SampleFilters, type Filter } from './SampleFilters.tsx';
import { SampleTable, type StepRequest } from './SampleTable.tsx';
import { SampleViewer } from './SampleViewer.tsx';

export function DatasetsPage({ onProjectChanged, importRequest }: { onProjectChanged: () => void; importRequest: ImportRequest | null }) {
  const datasets = useAsync(() => call('listDatasets', {}), []);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [filter, setFilter] = useState<Filter>(noFilter);
  const [pick, setPick] = useState<CellPick | null>(null);
  const [rowIndex, setRowIndex] = useState<number | null>(null);
  const [sample, setSample] = useState<SampleView | null>(null);
  const [sampleError, setSampleError] = useState<string | null>(null);
  const [step, setStep] = useState<StepRequest | null>(null);

  const list = datasets.value ?? [];
  const dataset = list.find((d) => d.id === selectedId) ?? null;

  useEffect(() => {
    if (selectedId === null && list.length > 0) setSelectedId(list[0]!.id);
  }, [list, selectedId]);

  const chooseDataset = (id: number) => {
    setSelectedId(id);
    setFilter(noFilter);
    setPick(null);
    setRowIndex(null);
    setSample(null);
  };

  const openRow = useCallback(
    (index: number, row: SampleRow) => {
      if (!dataset) return;
      setRowIndex(index);
      call('getSample', { datasetId: dataset.id, sampleId: row.id }).then(
        (s) => {
          setSample(s);
          setSampleError(null);
        },
        (e: unknown) => setSampleError(describeError(e)),
      );
    },
    [dataset],
  );

  return (
    <section aria-labelledby="datasets-title" className="datasets-page">
      <h2 id="datasets-title">Datasets</h2>
      <ImportPanel
        request={importRequest}
        onImported={(r) => {
          datasets.reload();
          onProjectChanged();
          chooseDataset(r.dataset.id);
        }}
      />
      {datasets.error && <p className="error" role="alert">{datasets.error}</p>}
      {list.length === 0 && !datasets.loading ? (
        <EmptyState title="No datasets in this project yet">
          <p>
            Import RadioML pickles (<code>RML2016.10a_dict.pkl</code>, <code>RML2016.10b.dat</code>), RML2018 HDF5 (<code>GOLD_XYZ_OSC.0001_1024.hdf5</code>) or
            a SigMF recording: type its path above, or use File › Import… in the desktop app.
          </p>
        </EmptyState>
      ) : (
        <DatasetList datasets={list} selected={selectedId} onSelect={chooseDataset} />
      )}
      {dataset && (
        <>
          <h3>
            {dataset.name} <span className="muted">— samples per class and SNR</span>
          </h3>
          <CountMatrix dataset={dataset} picked={pick} onPick={setPick} />
          <ClassView dataset={dataset} pick={pick} onPick={setPick} />
          <h3>Samples</h3>
          <div className="samples-split">
            <div>
              <SampleFilters dataset={dataset} filter={filter} onChange={(f) => setFilter(f)} />
              <SampleTable dataset={dataset} filter={filter} selectedIndex={rowIndex} onSelect={openRow} step={step} />
            </div>
            <div>
              {sampleError && <p className="error" role="alert">{sampleError}</p>}
              {sample ? (
                <SampleViewer sample={sample} onStep={(delta) => setStep((prev) => ({ seq: (prev?.seq ?? 0) + 1, delta }))} />
              ) : (
                <p className="muted">Click a row (or focus the table and press ↓) to open a sample.</p>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
