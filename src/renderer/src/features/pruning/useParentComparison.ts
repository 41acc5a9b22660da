// A pruned model next to its parent, both as stored by their jobs' evaluations, for the
// accuracy-vs-SNR overlay; null while loading or when the model has no parent.
import { useEffect, useState } from 'react';
import type { LineageNode } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import type { NamedEvaluation } from './SnrComparison.tsx';

export interface ParentComparison {
  comparison: { parent: NamedEvaluation; child: NamedEvaluation } | null;
  error: string | null;
}

export function useParentComparison(childId: number | null, nodes: readonly LineageNode[]): ParentComparison {
  const [comparison, setComparison] = useState<ParentComparison['comparison']>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setComparison(null);
    const child = nodes.find((n) => n.id === childId);
    const parent = child && nodes.find((n) => n.id === child.parentId);
    if (!child || !parent) return;
    Promise.all([call('getModelEvaluation', { modelId: parent.id }), call('getModelEvaluation', { modelId: child.id })]).then(
      ([p, c]) => p && c && setComparison({ parent: { name: parent.name, evaluation: p }, child: { name: child.name, evaluation: c } }),
      (e: unknown) => setError(describeError(e)),
    );
  }, [childId, nodes]);
  return { comparison, error };
}
