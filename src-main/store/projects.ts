// Projects: the top of the hierarchy; deleting one deletes everything recorded under it.
import type Database from 'better-sqlite3';
import { nowIso } from './clock';
import { changedRow, found, expectedRow } from './errors';

export const DEFAULT_PROJECT_NAME = 'Default';

export interface Project {
  readonly id: number;
  readonly name: string;
  readonly archived: boolean;
  readonly createdAt: string;
}

export interface ProjectRepository {
  create(name: string): Project;
  get(id: number): Project | undefined;
  /** Oldest first; archived projects only when asked for. */
  list(options?: { readonly includeArchived?: boolean }): readonly Project[];
  rename(id: number, name: string): Project;
  archive(id: number, archived?: boolean): Project;
  delete(id: number): void;
  /** The project named "Default", created the first time it is needed. */
  ensureDefault(): Project;
}

interface ProjectRow {
  id: number;
  name: string;
  archived: number;
  created_at: string;
}

function toProject(row: ProjectRow): Project {
  return Object.freeze({
    id: row.id,
    name: row.name,
    archived: row.archived === 1,
    createdAt: row.created_at,
  });
}

export function createProjectRepository(db: Database.Database): ProjectRepository {
  const insert = db.prepare<[string, string], ProjectRow>(
    'INSERT INTO projects (name, created_at) VALUES (?, ?) RETURNING *',
  );
  const selectById = db.prepare<[number], ProjectRow>('SELECT * FROM projects WHERE id = ?');
  const selectByName = db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE name = ?');
  const selectAll = db.prepare<[number], ProjectRow>(
    'SELECT * FROM projects WHERE archived = 0 OR ? = 1 ORDER BY id',
  );
  const updateName = db.prepare<[string, number], ProjectRow>(
    'UPDATE projects SET name = ? WHERE id = ? RETURNING *',
  );
  const updateArchived = db.prepare<[number, number], ProjectRow>(
    'UPDATE projects SET archived = ? WHERE id = ? RETURNING *',
  );
  const deleteById = db.prepare<[number]>('DELETE FROM projects WHERE id = ?');

  const ensureDefault = db.transaction((): Project => {
    const existing = selectByName.get(DEFAULT_PROJECT_NAME);
    return toProject(existing ?? expectedRow(insert.get(DEFAULT_PROJECT_NAME, nowIso())));
  });

  return {
    create: (name) => toProject(expectedRow(insert.get(name, nowIso()))),
    get: (id) => {
      const row = selectById.get(id);
      return row && toProject(row);
    },
    list: (options = {}) => selectAll.all(options.includeArchived ? 1 : 0).map(toProject),
    rename: (id, name) => toProject(found(updateName.get(name, id), `project ${id}`)),
    archive: (id, archived = true) =>
      toProject(found(updateArchived.get(archived ? 1 : 0, id), `project ${id}`)),
    delete: (id) => changedRow(deleteById.run(id), `project ${id}`),
    ensureDefault: () => ensureDefault.immediate(),
  };
}
