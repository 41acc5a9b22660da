// The project's trained AVGNets, the models whose learned graphs the views can show.
import type { ModelSummary } from '../../../../shared/dto.ts';
import { call } from '../../api.ts';
import { useAsync } from '../../hooks/useAsync.ts';

export function useAvgnetModels(): ModelSummary[] {
  const models = useAsync(() => call('listModels', {}), []);
  return (models.value ?? []).filter((m) => m.architecture === 'avgnet');
}
