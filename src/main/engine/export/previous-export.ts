// What --force may replace: only a previous export of ours. A TF.js folder carries a marker
// file and holds nothing but the files an export writes; an ONNX file names us as its producer.
// Anything else (a user's folder, a device node, a link) is refused, and replacing removes only
// our own files, never a folder's other contents.
import { closeSync, lstatSync, type Stats, openSync, readdirSync, readSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import { MODEL_JSON, WEIGHTS_BIN } from './tfjs/save-layers-model.ts';

export const exportMarker = '.amr-studio-export';
const tfjsFiles = new Set([MODEL_JSON, WEIGHTS_BIN, exportMarker]);
/** The ONNX producer name sits in the model's first bytes (after ir_version). */
const onnxProducer = Buffer.from('amr-studio');
const onnxHeadBytes = 256;

export function writeExportMarker(folder: string): void {
  writeFileSync(path.join(folder, exportMarker), JSON.stringify({ writtenBy: 'amr-studio', format: 'tfjs' }));
}

function onnxHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(onnxHeadBytes);
    return head.subarray(0, readSync(fd, head, 0, onnxHeadBytes, 0));
  } finally {
    closeSync(fd);
  }
}

/** Refuses an existing target that is not a previous export of ours in this format. */
export function checkReplaceable(out: string, format: 'tfjs' | 'onnx'): void {
  const info = lstatSync(out);
  if (format === 'tfjs') {
    if (!info.isDirectory()) throw new AppError('VALIDATION', `${out}: a TF.js export is a folder, but ${kind(info)} is there; it is not replaced`);
    const entries = readdirSync(out);
    if (!entries.includes(exportMarker)) {
      throw new AppError('VALIDATION', `${out}: is a folder that is not an AMR Studio export (no ${exportMarker} marker); it is not replaced`);
    }
    const foreign = entries.filter((e) => !tfjsFiles.has(e) || !lstatSync(path.join(out, e)).isFile());
    if (foreign.length) {
      throw new AppError('VALIDATION', `${out}: the export folder also holds ${foreign.slice(0, 5).join(', ')}, which an export did not write; it is not replaced`);
    }
    return;
  }
  if (!info.isFile()) throw new AppError('VALIDATION', `${out}: ${kind(info)} is there, not a file an export wrote; it is not replaced`);
  if (!onnxHead(out).includes(onnxProducer)) {
    throw new AppError('VALIDATION', `${out}: is not an ONNX model written by AMR Studio; it is not replaced`);
  }
}

function kind(info: Stats): string {
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isDirectory()) return 'a folder';
  if (info.isFile()) return 'a file';
  return 'a device, pipe or socket';
}

/** Puts the finished export in place; a previous TF.js export is moved aside, then only its own files are removed. */
export function moveExportIntoPlace(temp: string, out: string, format: 'tfjs' | 'onnx'): void {
  let previous: string | null = null;
  if (format === 'tfjs') {
    try {
      checkReplaceable(out, 'tfjs');
      previous = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(4).toString('hex')}.replaced`);
      renameSync(out, previous);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  } else {
    try {
      checkReplaceable(out, 'onnx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  renameSync(temp, out);
  if (previous) removeExportFolder(previous);
}

/** Removes a TF.js export folder's own files and the folder; anything else in it stays (and so does the folder). */
export function removeExportFolder(folder: string): void {
  for (const name of tfjsFiles) {
    try {
      unlinkSync(path.join(folder, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  rmdirSync(folder);
}
