// The sample viewer's eye diagram: one component cut into symbol-aligned traces in the engine.
import type { ChannelArg } from '../../../../shared/contract.ts';
import type { EyeDiagram } from '../../../../shared/dto.ts';
import { AppError } from '../../../../shared/errors.ts';
import { eyeDiagramTraces } from '../../dsp/eye.ts';
import type { Engine } from '../../engine.ts';
import type { Handler } from '../dispatch.ts';

export function eyeDiagram(engine: Engine, arg: ChannelArg<'getEyeDiagram'>): EyeDiagram {
  const s = engine.store.getSample(arg.sampleId);
  if (s.datasetId !== arg.datasetId) throw new AppError('NOT_FOUND', `sample ${arg.sampleId} is not in dataset ${arg.datasetId}`);
  const component = arg.component === 'i' ? s.iq.subarray(0, s.length) : s.iq.subarray(s.length, 2 * s.length);
  const traces = eyeDiagramTraces(component, arg.samplesPerSymbol, { symbolsPerTrace: arg.symbolsPerTrace, maxTraces: arg.maxTraces });
  return { sampleId: s.id, component: arg.component, samplesPerSymbol: arg.samplesPerSymbol, traces: traces.map((t) => Array.from(t)) };
}

export const eyeHandlers: { getEyeDiagram: Handler<Engine, 'getEyeDiagram'> } = {
  getEyeDiagram: async (engine, arg) => eyeDiagram(engine, arg),
};
