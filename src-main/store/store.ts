// The store object: every repository over one connection, each reporting failures as StoreErrors.
import type Database from 'better-sqlite3';
import { createCalibrationRepository, type CalibrationRepository } from './calibrations';
import { createDatasetRepository, type DatasetRepository } from './datasets';
import { withStoreErrors, type StoreContext } from './errors';
import { createEventRepository, type EventRepository } from './events';
import { createHardwareConfigRepository, type HardwareConfigRepository } from './hardware-configs';
import { createModelRepository, type ModelRepository } from './models';
import { createProjectRepository, type ProjectRepository } from './projects';
import { createRunRepository, type RunRepository } from './runs';
import { createStatsRepository, type StatsRepository } from './stats';
import { createSweepRepository, type SweepRepository } from './sweeps';

export interface Store {
  readonly file: string;
  readonly readonly: boolean;
  /** The schema version of the open file (PRAGMA user_version). */
  readonly schemaVersion: number;
  readonly projects: ProjectRepository;
  readonly models: ModelRepository;
  readonly datasets: DatasetRepository;
  readonly hardwareConfigs: HardwareConfigRepository;
  readonly sweeps: SweepRepository;
  readonly runs: RunRepository;
  readonly stats: StatsRepository;
  readonly events: EventRepository;
  readonly calibrations: CalibrationRepository;
  /** Problems found by SQLite's integrity and foreign-key checks; empty when the file is sound. */
  check(): readonly string[];
  close(): void;
}

interface ForeignKeyProblem {
  table: string;
  rowid: number | null;
  parent: string;
}

export function createStore(db: Database.Database, context: StoreContext, schemaVersion: number): Store {
  const guard = <T extends object>(repository: T): T => withStoreErrors(context, repository);
  const integrityCheck = db.prepare<[], { integrity_check: string }>('PRAGMA integrity_check');
  const foreignKeyCheck = db.prepare<[], ForeignKeyProblem>('PRAGMA foreign_key_check');

  const check = (): readonly string[] => [
    ...integrityCheck
      .all()
      .map((row) => row.integrity_check)
      .filter((message) => message !== 'ok'),
    ...foreignKeyCheck
      .all()
      .map((row) => `${row.table} row ${row.rowid ?? '?'} refers to a missing ${row.parent} row`),
  ];

  return Object.freeze({
    file: context.file,
    readonly: context.readonly,
    schemaVersion,
    projects: guard(createProjectRepository(db)),
    models: guard(createModelRepository(db)),
    datasets: guard(createDatasetRepository(db)),
    hardwareConfigs: guard(createHardwareConfigRepository(db)),
    sweeps: guard(createSweepRepository(db)),
    runs: guard(createRunRepository(db)),
    stats: guard(createStatsRepository(db)),
    events: guard(createEventRepository(db)),
    calibrations: guard(createCalibrationRepository(db)),
    ...guard({ check, close: () => void db.close() }),
  });
}
