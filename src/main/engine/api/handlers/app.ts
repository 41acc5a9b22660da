// The app itself: version, the open project, and the compute backends.
import { appInfo } from '../../base/app-info.ts';
import type { Engine } from '../../engine.ts';
import type { Handler } from '../dispatch.ts';
import { backendReport } from './backends.ts';

export const appHandlers: {
  getAppInfo: Handler<Engine, 'getAppInfo'>;
  getProjectInfo: Handler<Engine, 'getProjectInfo'>;
  getBackends: Handler<Engine, 'getBackends'>;
} = {
  getAppInfo: async () => appInfo(),
  getProjectInfo: async (engine) => engine.store.info(),
  getBackends: async () => backendReport(),
};
