// The workbench frame: navigation, the current page, and a status bar with project and backend.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BackendReport, ProjectInfo } from '../../../shared/dto.ts';
import { call, describeError, subscribe } from '../api.ts';
import { DatasetsPage } from '../features/datasets/DatasetsPage.tsx';
import type { ImportRequest } from '../features/datasets/ImportPanel.tsx';
import { JobsPage } from '../features/jobs/JobsPage.tsx';
import { ModelsPage } from '../features/models/ModelsPage.tsx';
import { DistillationPage } from '../features/distillation/DistillationPage.tsx';
import { ClusteringPage } from '../features/clustering/ClusteringPage.tsx';
import { PruningPage } from '../features/pruning/PruningPage.tsx';
import { TrainingPage } from '../features/training/TrainingPage.tsx';
import { Nav } from './Nav.tsx';
import { pages, type PageId } from './pages.ts';
import { StatusBar } from './StatusBar.tsx';
import { systemPrefersDark, ThemeContext } from './theme.ts';

interface CurrentPageProps {
  page: PageId;
  projectKey: number;
  onProjectChanged: () => void;
  importRequest: ImportRequest | null;
  /** the model whose results the Models page opens on */
  modelFocus: number | null;
  onOpenModel: (modelId: number) => void;
}

function CurrentPage({ page, projectKey, onProjectChanged, importRequest, modelFocus, onOpenModel }: CurrentPageProps) {
  switch (page) {
    case 'datasets':
      return <DatasetsPage key={projectKey} onProjectChanged={onProjectChanged} importRequest={importRequest} />;
    case 'training':
      return <TrainingPage key={projectKey} onProjectChanged={onProjectChanged} onOpenModel={onOpenModel} />;
    case 'pruning':
      return <PruningPage key={projectKey} onProjectChanged={onProjectChanged} />;
    case 'distillation':
      return <DistillationPage key={projectKey} onProjectChanged={onProjectChanged} />;
    case 'clustering':
      return <ClusteringPage key={projectKey} onProjectChanged={onProjectChanged} />;
    case 'models':
      return <ModelsPage key={projectKey} focus={modelFocus} />;
    case 'jobs':
      return <JobsPage key={projectKey} />;
  }
}

export function App() {
  const [page, setPage] = useState<PageId>('datasets');
  const [dark, setDark] = useState(systemPrefersDark);
  const [project, setProject] = useState<ProjectInfo | null>(null);
  const [backends, setBackends] = useState<BackendReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [projectKey, setProjectKey] = useState(0);
  const [modelFocus, setModelFocus] = useState<number | null>(null);
  const openModel = useCallback((modelId: number) => {
    setModelFocus(modelId);
    setPage('models');
  }, []);
  // the nav opens the Models page on its table; openModel opens it on one model
  const selectPage = useCallback((p: PageId) => {
    setModelFocus(null);
    setPage(p);
  }, []);

  const refreshProject = useCallback(() => {
    call('getProjectInfo', {}).then(setProject, (e: unknown) => setError(describeError(e)));
  }, []);

  useEffect(() => {
    refreshProject();
    call('getBackends', {}).then(setBackends, (e: unknown) => setError(describeError(e)));
    return subscribe('projectOpened', (info) => {
      setProject(info);
      setProjectKey((k) => k + 1);
    });
  }, [refreshProject]);

  // File › Import… in the shell: show the Datasets page and hand it the file
  const [importRequest, setImportRequest] = useState<ImportRequest | null>(null);
  useEffect(
    () =>
      subscribe('importRequested', ({ path }) => {
        setPage('datasets');
        setImportRequest((prev) => ({ path, seq: (prev?.seq ?? 0) + 1 }));
      }),
    [],
  );

  useEffect(() => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [dark]);

  // Alt+1…7 jumps between pages from anywhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const index = Number(e.key) - 1;
      const target = pages[index];
      if (target) {
        e.preventDefault();
        selectPage(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selectPage]);

  const theme = useMemo(() => ({ dark, toggle: () => setDark((d) => !d) }), [dark]);
  return (
    <ThemeContext.Provider value={theme}>
      <div className="app">
        <Nav current={page} onSelect={selectPage} />
        <main className="page" id="page" data-current-page={page}>
          <CurrentPage page={page} projectKey={projectKey} onProjectChanged={refreshProject} importRequest={importRequest} modelFocus={modelFocus} onOpenModel={openModel} />
        </main>
        <StatusBar project={project} backends={backends} error={error} />
      </div>
    </ThemeContext.Provider>
  );
}
