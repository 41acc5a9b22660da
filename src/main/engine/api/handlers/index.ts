// Every channel's handler, one area per file, merged into the map dispatch routes through.
import type { Engine } from '../../engine.ts';
import type { Handlers } from '../dispatch.ts';
import { appHandlers } from './app.ts';
import { clusterJobHandlers } from './cluster-jobs.ts';
import { clusteringHandlers } from './clustering.ts';
import { augmentHandlers } from './augment.ts';
import { datasetHandlers } from './datasets.ts';
import { distillationHandlers } from './distillation.ts';
import { exportHandlers } from './exports.ts';
import { evaluationHandlers } from './evaluations.ts';
import { eyeHandlers } from './eye.ts';
import { graphHandlers } from './graphs.ts';
import { jobHandlers } from './jobs.ts';
import { lineageHandlers } from './lineage.ts';
import { modelResultsHandlers } from './model-results.ts';
import { modelHandlers } from './models.ts';
import { pruningHandlers } from './pruning.ts';
import { sampleHandlers } from './samples.ts';
import { trainingHandlers } from './training.ts';

export const handlers: Handlers<Engine> = {
  ...appHandlers,
  ...datasetHandlers,
  ...sampleHandlers,
  ...trainingHandlers,
  ...augmentHandlers,
  ...jobHandlers,
  ...modelHandlers,
  ...eyeHandlers,
  ...graphHandlers,
  ...pruningHandlers,
  ...lineageHandlers,
  ...exportHandlers,
  ...distillationHandlers,
  ...modelResultsHandlers,
  ...evaluationHandlers,
  ...clusterJobHandlers,
  ...clusteringHandlers,
};
