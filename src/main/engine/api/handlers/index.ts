// Every channel's handler, one area per file, merged into the map dispatch routes through.
import type { Engine } from '../../engine.ts';
import type { Handlers } from '../dispatch.ts';
import { appHandlers } from './app.ts';
import { datasetHandlers } from './datasets.ts';
import { jobHandlers } from './jobs.ts';
import { modelHandlers } from './models.ts';
import { sampleHandlers } from './sample-handlers.ts';
import { trainingHandlers } from './training.ts';

export const handlers: Handlers<Engine> = {
  ...appHandlers,
  ...datasetHandlers,
  ...sampleHandlers,
  ...trainingHandlers,
  ...jobHandlers,
  ...modelHandlers,
};
