import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWritableFolder } from '../../../../src/main/engine/base/writable-folder.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-writable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkWritableFolder', () => {
  it('passes a folder it can write in, leaving nothing behind', () => {
    checkWritableFolder(join(dir, 'model.onnx'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the path and the reason when the folder is missing, is a file, or takes no files', () => {
    expect(() => checkWritableFolder(join(dir, 'missing', 'm.onnx'))).toThrowError(
      expect.objectContaining({ code: 'NOT_WRITABLE', message: `${join(dir, 'missing', 'm.onnx')}: the folder ${join(dir, 'missing')} does not exist` }),
    );
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => checkWritableFolder(join(dir, 'file', 'm.onnx'))).toThrowError(expect.objectContaining({ code: 'NOT_WRITABLE', message: expect.stringContaining('is not a folder') }));
    expect(() => checkWritableFolder('/proc/x')).toThrowError(
      expect.objectContaining({ code: 'NOT_WRITABLE', message: '/proc/x: cannot write in /proc (the folder does not accept new files)' }),
    );
  });
});
