// The rows of a dataset still being written ('writing'): who writes them, whether that writer is
// still alive, and their removal in short transactions (an abort, or a writer that died).
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import { isBusyError, writeTransaction } from './write-transaction.ts';

interface WriterProcess {
  host: string;
  pid: number;
}

/** Datasets this process is writing now, by project file and id. */
const writingHere = new Set<string>();
const key = (db: Database, datasetId: number): string => `${db.name}\u0000${datasetId}`;

export function thisWriterProcess(): string {
  return JSON.stringify({ host: hostname(), pid: process.pid } satisfies WriterProcess);
}

export function markWriting(db: Database, datasetId: number): void {
  writingHere.add(key(db, datasetId));
}

export function unmarkWriting(db: Database, datasetId: number): void {
  writingHere.delete(key(db, datasetId));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is someone else's
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A write-ahead log is shared through memory, so every writer of a project runs on this host: a
 * row naming another host came in a copied file and has no writer any more.
 */
function writerAlive(db: Database, datasetId: number, recorded: string | null): boolean {
  let writer: WriterProcess;
  try {
    writer = JSON.parse(recorded ?? '') as WriterProcess;
  } catch {
    return false;
  }
  if (writer.host !== hostname()) return false;
  if (writer.pid === process.pid) return writingHere.has(key(db, datasetId));
  return processAlive(writer.pid);
}

const batchRows: Record<string, number> = { samples: 20_000, chunks: 16, annotations: 20_000, recordings: 1000 };

/** Deletes a dataset's rows, children first, each batch in a short transaction of its own. */
export function removeDatasetRows(db: Database, datasetId: number): void {
  for (const [table, batch] of Object.entries(batchRows)) {
    const remove = db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE dataset_id = ? LIMIT ?)`);
    while (writeTransaction(db, () => remove.run(datasetId, batch).changes) === batch);
  }
  writeTransaction(db, () => {
    db.prepare('DELETE FROM classes WHERE dataset_id = ?').run(datasetId);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(datasetId);
  });
}

/** Removes what writers that died (a crash, a kill) left; a project busy with another writer is tidied another time. */
export function removeAbandonedWrites(db: Database): number[] {
  const staged = db.prepare("SELECT id, writer_process FROM datasets WHERE state = 'writing'").raw().all() as [number, string | null][];
  const removed: number[] = [];
  for (const [id, writer] of staged) {
    if (writerAlive(db, id, writer)) continue;
    try {
      removeDatasetRows(db, id);
      removed.push(id);
    } catch (err) {
      if (!isBusyError(err) && (err as { code?: unknown }).code !== 'PROJECT_BUSY') throw err;
      return removed;
    }
  }
  return removed;
}
