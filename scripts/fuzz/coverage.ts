// Coverage of the importers during `npm run fuzz`, from V8's own precise coverage (each batch runs
// with NODE_V8_COVERAGE). V8 reports on the source the TypeScript loader produced, not on the .ts
// text: byte shares are of that transformed code (type annotations stripped), so they are close to
// but not the same as shares of the .ts file; function counts do not depend on the transform. The
// loader appends an inline source map as the script's last line: it is not code, and is left out
// when Node's dump gives the script's line lengths (its source-map cache).
import { fileURLToPath } from 'node:url';

export interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
export interface V8Function {
  functionName: string;
  ranges: V8Range[];
  isBlockCoverage: boolean;
}
export interface V8ScriptCoverage {
  url: string;
  functions: V8Function[];
}
export interface V8Coverage {
  result: V8ScriptCoverage[];
  'source-map-cache'?: Record<string, { lineLengths?: number[] }>;
}

export interface FileCoverage {
  functionsRan: number;
  /** functions V8 saw in some batch: those nested in a function that never ran are not parsed, so not seen */
  functions: number;
  /** share of the transformed source's bytes inside ranges that ran at least once, 0..1 */
  executedShare: number;
}

interface FileState {
  length: number;
  executed: Uint8Array;
  functionsSeen: Map<string, boolean>;
}

/**
 * Whether each byte ran: a byte's count is that of the innermost range holding it (V8 nests block
 * ranges inside their function's range), so ranges are painted from the longest to the shortest.
 */
function executedBytes(functions: V8Function[], length: number): Uint8Array {
  const ranges = functions.flatMap((f) => f.ranges).sort((a, b) => b.endOffset - b.startOffset - (a.endOffset - a.startOffset));
  const executed = new Uint8Array(length);
  for (const r of ranges) executed.fill(r.count > 0 ? 1 : 0, r.startOffset, Math.min(r.endOffset, length));
  return executed;
}

/** Where the code ends: before the source-map comment on the last line and the empty lines above it. */
function codeEnd(lineLengths: number[] | undefined, scriptLength: number): number {
  if (!lineLengths || lineLengths.length < 2) return scriptLength;
  const lines = lineLengths.slice(0, -1);
  while (lines.length > 1 && lines[lines.length - 1] === 0) lines.pop();
  return lines.reduce((n, l) => n + l, 0) + lines.length - 1;
}

/**
 * Per source file under `dir` (an absolute folder), the union over all coverage dumps: a function
 * ran if it ran in any batch, a byte ran if it ran in any batch. Keys are paths relative to
 * `relativeTo`. The module's top-level code (the range spanning the whole script) is not counted
 * as a function.
 */
export function summariseCoverage(dumps: V8Coverage[], dir: string, relativeTo: string): Record<string, FileCoverage> {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const files = new Map<string, FileState>();
  const lineLengths = new Map<string, number[]>();
  for (const dump of dumps) {
    for (const [url, entry] of Object.entries(dump['source-map-cache'] ?? {})) if (entry.lineLengths) lineLengths.set(url, entry.lineLengths);
  }
  for (const dump of dumps) {
    for (const script of dump.result) {
      if (!script.url.startsWith('file:')) continue;
      const path = fileURLToPath(script.url.split('?')[0]!);
      if (!path.startsWith(prefix)) continue;
      const length = Math.max(0, ...script.functions.flatMap((f) => f.ranges.map((r) => r.endOffset)));
      const code = codeEnd(lineLengths.get(script.url), length);
      const state = files.get(path) ?? { length: code, executed: new Uint8Array(code), functionsSeen: new Map<string, boolean>() };
      files.set(path, state);
      const ran = executedBytes(script.functions, state.length);
      for (let i = 0; i < ran.length; i++) if (ran[i]) state.executed[i] = 1;
      for (const f of script.functions) {
        const whole = f.ranges[0];
        if (!whole || (whole.startOffset === 0 && whole.endOffset === length)) continue;
        const key = `${whole.startOffset}:${whole.endOffset}`;
        state.functionsSeen.set(key, (state.functionsSeen.get(key) ?? false) || whole.count > 0);
      }
    }
  }
  const summary: Record<string, FileCoverage> = {};
  for (const [path, state] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const ranBytes = state.executed.reduce((n, b) => n + b, 0);
    summary[path.slice(relativeTo.length).replace(/^\//, '')] = {
      functionsRan: [...state.functionsSeen.values()].filter(Boolean).length,
      functions: state.functionsSeen.size,
      executedShare: state.length ? Math.round((ranBytes / state.length) * 1000) / 1000 : 0,
    };
  }
  return summary;
}
