// Run events: a timestamped log of what happened during a run, shown beside its results.
import type Database from 'better-sqlite3';
import { nowIso } from './clock';
import { expectedRow } from './errors';

export type EventLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RunEvent {
  readonly id: number;
  readonly runId: string;
  readonly at: string;
  readonly level: EventLevel;
  readonly message: string;
}

export interface EventRepository {
  add(runId: string, level: EventLevel, message: string): RunEvent;
  /** Oldest first; with a limit, the latest `limit` events. */
  list(runId: string, options?: { readonly limit?: number }): readonly RunEvent[];
}

// `level` is limited to the EventLevel values by a CHECK constraint.
interface RunEventRow {
  id: number;
  run_id: string;
  at: string;
  level: EventLevel;
  message: string;
}

function toRunEvent(row: RunEventRow): RunEvent {
  return Object.freeze({ id: row.id, runId: row.run_id, at: row.at, level: row.level, message: row.message });
}

export function createEventRepository(db: Database.Database): EventRepository {
  const insert = db.prepare<[string, string, EventLevel, string], RunEventRow>(
    'INSERT INTO run_events (run_id, at, level, message) VALUES (?, ?, ?, ?) RETURNING *',
  );
  // SQLite reads a negative LIMIT as "no limit".
  const selectLatest = db.prepare<[string, number], RunEventRow>(
    `SELECT * FROM (SELECT * FROM run_events WHERE run_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id`,
  );

  return {
    add: (runId, level, message) => toRunEvent(expectedRow(insert.get(runId, nowIso(), level, message))),
    list: (runId, options = {}) => selectLatest.all(runId, options.limit ?? -1).map(toRunEvent),
  };
}
