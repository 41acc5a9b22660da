// Pure helpers of the Pruning and Export views: Fisher block membership for the plots, the
// suggested export path, and the table number formats.
import { describe, expect, it } from 'vitest';
import { bytes, compact, millis, percent } from '../../../src/renderer/src/app/format.ts';
import { suggestedExportPath } from '../../../src/renderer/src/features/models/export-path.ts';
import { blockColour, blockOfUnit } from '../../../src/renderer/src/features/pruning/blocks.ts';

describe('blockOfUnit', () => {
  it('assigns every unit to the block whose start it has reached', () => {
    expect(blockOfUnit([0], 4)).toEqual([0, 0, 0, 0]);
    expect(blockOfUnit([0, 2, 3], 5)).toEqual([0, 0, 1, 2, 2]);
    expect(blockOfUnit([0, 1, 2, 3], 4)).toEqual([0, 1, 2, 3]);
  });

  it('gives neighbouring blocks different colours', () => {
    expect(blockColour(0)).not.toBe(blockColour(1));
    expect(blockColour(9)).toBe(blockColour(1));
  });
});

describe('suggestedExportPath', () => {
  it('puts the file beside the project, named after the model, with the format’s ending', () => {
    expect(suggestedExportPath('/data/p/run.amrproj', 'resnet1d on tiny · reverse-order 34 %', 'onnx')).toBe('/data/p/resnet1d_on_tiny_reverse-order_34.onnx');
    expect(suggestedExportPath('/data/p/run.amrproj', 'vt', 'onnx-int8')).toBe('/data/p/vt.int8.onnx');
    expect(suggestedExportPath('C:\\work\\run.amrproj', 'vt', 'tfjs')).toBe('C:\\work\\vt-tfjs');
    expect(suggestedExportPath('run.amrproj', '···', 'onnx')).toBe('model.onnx');
  });
});

describe('formats', () => {
  it('prints sizes, percentages and times the way the tables show them', () => {
    expect(compact(12345)).toBe('12.3 k');
    expect(compact(2_500_000)).toBe('2.50 M');
    expect(compact(null)).toBe('—');
    expect(bytes(253_542)).toBe('253.5 kB');
    expect(percent(0.8123)).toBe('81.2 %');
    expect(percent(Number.NaN)).toBe('—');
    expect(millis(0.0812)).toBe('0.08 ms');
    expect(millis(250.4)).toBe('250 ms');
  });
});
