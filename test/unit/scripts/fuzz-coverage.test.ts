// The fuzz report's coverage summary: hand-made V8 coverage dumps in, per-file figures out.
import { describe, expect, it } from 'vitest';
import { summariseCoverage, type V8Coverage } from '../../../scripts/fuzz/coverage.ts';

const root = '/repo';
const dir = '/repo/src/main/engine/io';
const url = 'file:///repo/src/main/engine/io/reader.ts';

// a 100-byte script: top level 0..100 ran; parse 10..50 ran except its block 20..30; check 60..80 never ran
function dump(parseCount: number, checkCount: number, blockCount = 0): V8Coverage {
  return {
    result: [
      {
        url,
        functions: [
          { functionName: '', isBlockCoverage: true, ranges: [{ startOffset: 0, endOffset: 100, count: 1 }] },
          {
            functionName: 'parse',
            isBlockCoverage: true,
            ranges: [
              { startOffset: 10, endOffset: 50, count: parseCount },
              { startOffset: 20, endOffset: 30, count: blockCount },
            ],
          },
          { functionName: 'check', isBlockCoverage: true, ranges: [{ startOffset: 60, endOffset: 80, count: checkCount }] },
        ],
      },
      { url: 'file:///repo/node_modules/x/index.js', functions: [{ functionName: 'f', isBlockCoverage: true, ranges: [{ startOffset: 0, endOffset: 10, count: 1 }] }] },
      { url: 'node:fs', functions: [] },
    ],
  };
}

describe('summariseCoverage', () => {
  it('counts functions that ran and the bytes of the innermost ranges that ran, for files under the folder only', () => {
    const summary = summariseCoverage([dump(3, 0)], dir, root);
    expect(Object.keys(summary)).toEqual(['src/main/engine/io/reader.ts']);
    // bytes run: 0..20, 30..60, 80..100 = 70 of 100 (the block 20..30 and check 60..80 did not)
    expect(summary['src/main/engine/io/reader.ts']).toEqual({ functionsRan: 1, functions: 2, executedShare: 0.7 });
  });

  it('takes the union over batches: a function or block that ran in any batch ran', () => {
    const summary = summariseCoverage([dump(0, 0), dump(1, 0, 2), dump(0, 5)], dir, root);
    expect(summary['src/main/engine/io/reader.ts']).toEqual({ functionsRan: 2, functions: 2, executedShare: 1 });
  });

  it('leaves out the inline source map on the last line when the line lengths are known', () => {
    // code on lines of 59 and 20 bytes (0..80), an empty line, then a 18-byte source-map comment
    const withMap: V8Coverage = { ...dump(3, 0), 'source-map-cache': { [url]: { lineLengths: [59, 20, 0, 18] } } };
    // bytes run in 0..80: 0..20, 30..60 = 50 of 80
    expect(summariseCoverage([withMap], dir, root)['src/main/engine/io/reader.ts']?.executedShare).toBe(0.625);
  });
});
