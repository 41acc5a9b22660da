// Training checkpoints: the latest finished epoch of a job, its best weights so far, and the
// optimizer state, so a restarted job continues instead of starting over.
import type { Database } from 'better-sqlite3';
import { nowIso, parseJsonColumn } from './json.ts';

export interface Checkpoint {
  jobId: number;
  epoch: number;
  state: Record<string, unknown>;
  weights: Uint8Array;
  bestWeights: Uint8Array | null;
  optimizer: Uint8Array | null;
  updatedAt: string;
}

interface CheckpointRow {
  job_id: number;
  epoch: number;
  state: string;
  weights: Buffer;
  best_weights: Buffer | null;
  optimizer: Buffer | null;
  updated_at: string;
}

function toBuffer(a: Uint8Array | null): Buffer | null {
  return a && Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function saveCheckpoint(db: Database, c: Omit<Checkpoint, 'updatedAt'>): void {
  db.prepare(
    `INSERT INTO checkpoints (job_id, epoch, state, weights, best_weights, optimizer, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (job_id) DO UPDATE SET epoch = excluded.epoch, state = excluded.state, weights = excluded.weights,
       best_weights = excluded.best_weights, optimizer = excluded.optimizer, updated_at = excluded.updated_at`,
  ).run(c.jobId, c.epoch, JSON.stringify(c.state), toBuffer(c.weights), toBuffer(c.bestWeights), toBuffer(c.optimizer), nowIso());
}

export function findCheckpoint(db: Database, jobId: number): Checkpoint | undefined {
  const row = db.prepare('SELECT * FROM checkpoints WHERE job_id = ?').get(jobId) as CheckpointRow | undefined;
  if (!row) return undefined;
  return {
    jobId: row.job_id,
    epoch: row.epoch,
    state: parseJsonColumn(row.state, `checkpoint of job ${jobId}`),
    weights: new Uint8Array(row.weights),
    bestWeights: row.best_weights && new Uint8Array(row.best_weights),
    optimizer: row.optimizer && new Uint8Array(row.optimizer),
    updatedAt: row.updated_at,
  };
}

export function deleteCheckpoint(db: Database, jobId: number): void {
  db.prepare('DELETE FROM checkpoints WHERE job_id = ?').run(jobId);
}
