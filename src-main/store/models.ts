// Models: ONNX files known by content hash, so the same network moved or renamed stays one model.
import type Database from 'better-sqlite3';
import { nowIso } from './clock';
import { changedRow, expectedRow } from './errors';
import { parseJsonObject, toJson, type JsonObject } from './json';

export interface Model {
  readonly id: number;
  /** null: shared by every project. */
  readonly projectId: number | null;
  readonly name: string;
  readonly path: string;
  /** Lowercase hex SHA-256 of the file's bytes. */
  readonly sha256: string;
  /** Input tensor description as the model loader reported it. */
  readonly inputInfo: JsonObject;
  readonly createdAt: string;
}

export type ModelInput = Omit<Model, 'id' | 'createdAt'>;

export interface ModelRepository {
  /** Inserts, or updates the name, path and input info of the model with the same project and hash. */
  upsert(model: ModelInput): Model;
  get(id: number): Model | undefined;
  findByHash(projectId: number | null, sha256: string): Model | undefined;
  /** Without a project id: every model. With null: only the shared ones. */
  list(options?: { readonly projectId?: number | null }): readonly Model[];
  /** Refused while runs still refer to the model. */
  delete(id: number): void;
}

interface ModelRow {
  id: number;
  project_id: number | null;
  name: string;
  path: string;
  sha256: string;
  input_info: string;
  created_at: string;
}

function toModel(row: ModelRow): Model {
  return Object.freeze({
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    path: row.path,
    sha256: row.sha256,
    inputInfo: parseJsonObject(row.input_info, 'models.input_info'),
    createdAt: row.created_at,
  });
}

export function createModelRepository(db: Database.Database): ModelRepository {
  const upsert = db.prepare<[number | null, string, string, string, string, string], ModelRow>(
    `INSERT INTO models (project_id, name, path, sha256, input_info, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (ifnull(project_id, 0), sha256)
     DO UPDATE SET name = excluded.name, path = excluded.path, input_info = excluded.input_info
     RETURNING *`,
  );
  const selectById = db.prepare<[number], ModelRow>('SELECT * FROM models WHERE id = ?');
  const selectByHash = db.prepare<[number | null, string], ModelRow>(
    'SELECT * FROM models WHERE project_id IS ? AND sha256 = ?',
  );
  const selectAll = db.prepare<[], ModelRow>('SELECT * FROM models ORDER BY id');
  const selectByProject = db.prepare<[number | null], ModelRow>(
    'SELECT * FROM models WHERE project_id IS ? ORDER BY id',
  );
  const deleteById = db.prepare<[number]>('DELETE FROM models WHERE id = ?');

  return {
    upsert: (model) =>
      toModel(
        expectedRow(
          upsert.get(
            model.projectId,
            model.name,
            model.path,
            model.sha256,
            toJson(model.inputInfo),
            nowIso(),
          ),
        ),
      ),
    get: (id) => {
      const row = selectById.get(id);
      return row && toModel(row);
    },
    findByHash: (projectId, sha256) => {
      const row = selectByHash.get(projectId, sha256);
      return row && toModel(row);
    },
    list: (options = {}) =>
      (options.projectId === undefined ? selectAll.all() : selectByProject.all(options.projectId)).map(
        toModel,
      ),
    delete: (id) => changedRow(deleteById.run(id), `model ${id}`),
  };
}
