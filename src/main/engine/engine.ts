// Composition root: everything the Electron shell, the CLI and the tests need, opened in one
// place and closed in one place.
import { openProject, type ProjectStore } from './store/project.ts';

/** Where the engine's human-readable progress lines go (stderr for the CLI, a log file in the app). */
export type EngineLog = (line: string) => void;

export interface EngineOptions {
  projectPath: string;
  /** create the project file when it does not exist */
  create?: boolean;
  log?: EngineLog;
}

export interface Engine extends Disposable {
  readonly projectPath: string;
  readonly store: ProjectStore;
  readonly log: EngineLog;
  /** Closes the project (checkpointing its WAL); safe to call twice. */
  dispose(): void;
}

export function createEngine(options: EngineOptions): Engine {
  const log = options.log ?? (() => {});
  const store = openProject(options.projectPath, { create: options.create ?? false });
  log(`opened project ${store.path}`);
  const dispose = () => store.close();
  return {
    projectPath: store.path,
    store,
    log,
    dispose,
    [Symbol.dispose]: dispose,
  };
}
