// Channel bindings for the sample table, the sample viewer and the class view.
import type { Engine } from '../../engine.ts';
import type { Handler } from '../dispatch.ts';
import { density, densityMosaic, pageSamples, sampleView } from './sample-views.ts';

export const sampleHandlers: {
  pageSamples: Handler<Engine, 'pageSamples'>;
  getSample: Handler<Engine, 'getSample'>;
  getDensity: Handler<Engine, 'getDensity'>;
  getDensityMosaic: Handler<Engine, 'getDensityMosaic'>;
} = {
  pageSamples: async (engine, arg) => pageSamples(engine.store, arg),
  getSample: async (engine, arg) => sampleView(engine.store, arg),
  getDensity: async (engine, arg) => density(engine.store, arg),
  getDensityMosaic: async (engine, arg) => densityMosaic(engine.store, arg),
};
