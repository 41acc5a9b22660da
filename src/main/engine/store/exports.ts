// Records of exported model files (ONNX, TF.js …) and their deployment reports.
import type { Database } from 'better-sqlite3';
import { nowIso, parseJsonColumn } from './json.ts';

export interface ExportDraft {
  modelId: number | null;
  /** e.g. 'onnx', 'onnx-int8', 'tfjs' */
  format: string;
  path: string;
  config?: Record<string, unknown>;
  report?: Record<string, unknown>;
  sizeBytes?: number | null;
}

export interface ExportRecord {
  id: number;
  modelId: number | null;
  format: string;
  path: string;
  config: Record<string, unknown>;
  report: Record<string, unknown>;
  sizeBytes: number | null;
  createdAt: string;
}

interface ExportRow {
  id: number;
  model_id: number | null;
  format: string;
  path: string;
  config: string;
  report: string;
  size_bytes: number | null;
  created_at: string;
}

export function saveExport(db: Database, draft: ExportDraft): ExportRecord {
  const id = Number(
    db
      .prepare('INSERT INTO exports (model_id, format, path, config, report, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(draft.modelId, draft.format, draft.path, JSON.stringify(draft.config ?? {}), JSON.stringify(draft.report ?? {}), draft.sizeBytes ?? null, nowIso())
      .lastInsertRowid,
  );
  return listExports(db, { id }).at(0)!;
}

export function listExports(db: Database, filter: { modelId?: number; id?: number } = {}): ExportRecord[] {
  const rows = db
    .prepare('SELECT * FROM exports WHERE (@modelId IS NULL OR model_id = @modelId) AND (@id IS NULL OR id = @id) ORDER BY id')
    .all({ modelId: filter.modelId ?? null, id: filter.id ?? null }) as ExportRow[];
  return rows.map((r) => ({
    id: r.id,
    modelId: r.model_id,
    format: r.format,
    path: r.path,
    config: parseJsonColumn(r.config, `export ${r.id}`),
    report: parseJsonColumn(r.report, `export ${r.id}`),
    sizeBytes: r.size_bytes,
    createdAt: r.created_at,
  }));
}
