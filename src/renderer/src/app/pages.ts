// The workbench's pages, in navigation order.
export const pages = [
  { id: 'datasets', label: 'Datasets' },
  { id: 'training', label: 'Training' },
  { id: 'pruning', label: 'Pruning' },
  { id: 'distillation', label: 'Distillation' },
  { id: 'clustering', label: 'Clustering' },
  { id: 'models', label: 'Models & Export' },
  { id: 'jobs', label: 'Jobs' },
] as const;

export type PageId = (typeof pages)[number]['id'];
