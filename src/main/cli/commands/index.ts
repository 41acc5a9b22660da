// Every CLI command, one file each, loaded only when it runs: `--version` must not pay for
// TensorFlow, HDF5 or ONNX start-up. Order is the order `amr-studio help` lists them.
// To add a command: one line here, name → loader of a module exporting `command`.
import type { CliCommand } from '../command.ts';

type Loader = () => Promise<{ command: CliCommand }>;

export const commandLoaders: Record<string, Loader> = {
  version: () => import('./version.ts'),
  'project create': () => import('./project-create.ts'),
  'project info': () => import('./project-info.ts'),
  datasets: () => import('./datasets.ts'),
  import: () => import('./import.ts'),
  generate: () => import('./generate.ts'),
  demo: () => import('./demo.ts'),
  backends: () => import('./backends.ts'),
  export: () => import('./export.ts'),
  train: () => import('./train.ts'),
  augment: () => import('./augment.ts'),
  evaluate: () => import('./evaluate.ts'),
  prune: () => import('./prune.ts'),
  study: () => import('./study.ts'),
  'cluster submit': () => import('./cluster-submit.ts'),
  'cluster status': () => import('./cluster-status.ts'),
  'cluster collect': () => import('./cluster-collect.ts'),
  'cluster cancel': () => import('./cluster-cancel.ts'),
  'cluster render': () => import('./cluster-render.ts'),
  'run-bundle': () => import('./run-bundle.ts'),
  distill: () => import('./distill.ts'),
  'distill-eval': () => import('./distill-eval.ts'),
  'export-dataset': () => import('./export-dataset.ts'),
  cluster: () => import('./cluster.ts'),
  'label-clusters': () => import('./label-clusters.ts'),
};
