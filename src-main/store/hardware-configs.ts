// Hardware configs: named accelerator settings saved in a project, replaced when saved again under the same name.
import type Database from 'better-sqlite3';
import { nowIso } from './clock';
import { changedRow, expectedRow } from './errors';
import { parseJsonObject, toJson, type JsonObject } from './json';

export interface HardwareConfig {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly config: JsonObject;
  readonly createdAt: string;
}

export type HardwareConfigInput = Omit<HardwareConfig, 'id' | 'createdAt'>;

export interface HardwareConfigRepository {
  save(config: HardwareConfigInput): HardwareConfig;
  get(id: number): HardwareConfig | undefined;
  list(projectId: number): readonly HardwareConfig[];
  delete(id: number): void;
}

interface HardwareConfigRow {
  id: number;
  project_id: number;
  name: string;
  config: string;
  created_at: string;
}

function toHardwareConfig(row: HardwareConfigRow): HardwareConfig {
  return Object.freeze({
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    config: parseJsonObject(row.config, 'hardware_configs.config'),
    createdAt: row.created_at,
  });
}

export function createHardwareConfigRepository(db: Database.Database): HardwareConfigRepository {
  const upsert = db.prepare<[number, string, string, string], HardwareConfigRow>(
    `INSERT INTO hardware_configs (project_id, name, config, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (project_id, name) DO UPDATE SET config = excluded.config, created_at = excluded.created_at
     RETURNING *`,
  );
  const selectById = db.prepare<[number], HardwareConfigRow>('SELECT * FROM hardware_configs WHERE id = ?');
  const selectByProject = db.prepare<[number], HardwareConfigRow>(
    'SELECT * FROM hardware_configs WHERE project_id = ? ORDER BY name',
  );
  const deleteById = db.prepare<[number]>('DELETE FROM hardware_configs WHERE id = ?');

  return {
    save: (config) =>
      toHardwareConfig(
        expectedRow(upsert.get(config.projectId, config.name, toJson(config.config), nowIso())),
      ),
    get: (id) => {
      const row = selectById.get(id);
      return row && toHardwareConfig(row);
    },
    list: (projectId) => selectByProject.all(projectId).map(toHardwareConfig),
    delete: (id) => changedRow(deleteById.run(id), `hardware config ${id}`),
  };
}
