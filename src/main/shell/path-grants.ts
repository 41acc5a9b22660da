// Which local paths each window may hand to the engine. A path is granted only by the main
// process itself (a native dialog it showed, a menu pick, a project it opened), per window and
// per purpose; a path the page typed or made up is refused before any engine code runs.
// Plain Node: the shell uses it, the end-to-end harness stands in for the dialogs with it.
import { resolve } from 'node:path';
import type { ChannelName } from '../../shared/channels.ts';
import { contract, pathArguments, type ChannelArg, type PathArgument, type PathPurpose } from '../../shared/contract.ts';
import type { ErrorData } from '../../shared/errors.ts';

const purposeWords: Record<PathPurpose, string> = {
  'open-file': 'an open-file dialog',
  'open-folder': 'a choose-folder dialog',
  save: 'a save dialog',
  run: 'a choose-program dialog',
};

export class PathGrants {
  /** window id → absolute path → the purposes granted for it */
  private readonly byWindow = new Map<number, Map<string, Set<PathPurpose>>>();

  grant(windowId: number, path: string, purpose: PathPurpose): string {
    const absolute = resolve(path);
    const paths = this.byWindow.get(windowId) ?? new Map<string, Set<PathPurpose>>();
    const purposes = paths.get(absolute) ?? new Set<PathPurpose>();
    purposes.add(purpose);
    paths.set(absolute, purposes);
    this.byWindow.set(windowId, paths);
    return absolute;
  }

  isGranted(windowId: number, path: string, purpose: PathPurpose): boolean {
    return this.byWindow.get(windowId)?.get(resolve(path))?.has(purpose) ?? false;
  }

  /** a closed window's grants go with it */
  forgetWindow(windowId: number): void {
    this.byWindow.delete(windowId);
  }

  /**
   * The refusal for a call whose argument names a path this window was not granted for that
   * purpose; null when every path is granted or the channel names none. An argument that fails
   * its schema is left to the dispatcher, which refuses it with the schema's words.
   */
  refusal(windowId: number, channel: string, rawArg: unknown): ErrorData | null {
    const paths = pathsOf(channel, rawArg);
    const missing = paths.find((p) => !this.isGranted(windowId, p.path, p.purpose));
    if (!missing) return null;
    return {
      code: 'PATH_NOT_GRANTED',
      message:
        `${channel}: ${missing.field} '${missing.path}' was not chosen in ${purposeWords[missing.purpose]} of this window; ` +
        'paths typed or sent by the page are refused — choose the file or folder with the app’s Choose… button or File menu',
    };
  }
}

function pathsOf(channel: string, rawArg: unknown): PathArgument[] {
  const pick = pathArguments[channel as ChannelName] as ((arg: ChannelArg<ChannelName>) => PathArgument[]) | undefined;
  if (!pick) return [];
  const parsed = contract[channel as ChannelName].input.safeParse(rawArg ?? {});
  return parsed.success ? pick(parsed.data as ChannelArg<ChannelName>) : [];
}
