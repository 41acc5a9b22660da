// Training: the model zoo to pick from and starting a training job.
import type { Engine } from '../../engine.ts';
import type { Handler } from '../dispatch.ts';
import { startTraining } from './job-runner.ts';

export const trainingHandlers: {
  listArchitectures: Handler<Engine, 'listArchitectures'>;
  startTraining: Handler<Engine, 'startTraining'>;
} = {
  listArchitectures: async () => {
    // the registry pulls in TF.js: load it only when the Training page asks
    const { listArchitectures } = await import('../../ml/models/registry.ts');
    return listArchitectures().map((a) => ({ id: a.arch, label: a.title }));
  },
  startTraining: async (engine, arg, emit) => startTraining(engine, arg, emit),
};
