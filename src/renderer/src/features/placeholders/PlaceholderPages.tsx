// Pages whose engine parts are still to come: each says what will appear and what exists today.
import { EmptyState } from '../../app/EmptyState.tsx';

export function ClusteringPage() {
  return (
    <section aria-labelledby="clustering-title">
      <h2 id="clustering-title">Clustering</h2>
      <EmptyState title="Clustering of unlabelled signals is not available in the workbench yet">
        <p>
          Here you will run deep transfer clustering on an unlabelled capture (e.g. a SigMF recording), see the clusters as density
          constellations, and name them to create a labelled dataset.
        </p>
        <p>
          Import a recording first on the <strong>Datasets</strong> page. From a terminal: <code>amr-studio help</code>.
        </p>
      </EmptyState>
    </section>
  );
}
