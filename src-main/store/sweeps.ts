// Sweeps: a grid of parameter points over one model and dataset, each point evaluated by one run.
import type Database from 'better-sqlite3';
import { nowIso } from './clock';
import { changedRow, expectedRow, found } from './errors';
import { canonicalJson, parseJsonObject, toJson, type JsonObject } from './json';
import { createLifecycle, ownerFromColumns, type LifecycleMethods, type OwnerColumns } from './lifecycle';
import { parseLifecycleState, type LifecycleState } from './lifecycle-state';
import type { ProcessOwner } from './owner';
import { toRun, type Run, type RunRow } from './run-records';

export type SweepState = LifecycleState;

export interface Sweep {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly spec: JsonObject;
  readonly state: SweepState;
  readonly error: string | null;
  readonly owner: ProcessOwner | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly updatedAt: string;
}

export interface NewSweep {
  readonly projectId: number;
  readonly name: string;
  readonly spec: JsonObject;
}

export interface SweepRepository extends LifecycleMethods<number, Sweep> {
  /** A new sweep in state 'queued'. */
  create(sweep: NewSweep): Sweep;
  get(id: number): Sweep | undefined;
  /** Newest first. */
  list(filter?: { readonly projectId?: number; readonly state?: SweepState }): readonly Sweep[];
  /** The run made for this point of the sweep, if any: a resumed sweep skips points whose run finished. */
  pointRun(sweepId: number, point: JsonObject): Run | undefined;
  /** Deletes the sweep with all its runs. */
  delete(id: number): void;
}

interface SweepRow extends OwnerColumns {
  id: number;
  project_id: number;
  name: string;
  spec: string;
  state: string;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

function toSweep(row: SweepRow): Sweep {
  return Object.freeze({
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    spec: parseJsonObject(row.spec, 'sweeps.spec'),
    state: parseLifecycleState(row.state),
    error: row.error,
    owner: ownerFromColumns(row),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  });
}

export function createSweepRepository(db: Database.Database): SweepRepository {
  const insert = db.prepare<[number, string, string, string, string], SweepRow>(
    `INSERT INTO sweeps (project_id, name, spec, state, created_at, updated_at)
     VALUES (?, ?, ?, 'queued', ?, ?) RETURNING *`,
  );
  const selectById = db.prepare<[number], SweepRow>('SELECT * FROM sweeps WHERE id = ?');
  const selectFiltered = db.prepare<{ projectId: number | null; state: string | null }, SweepRow>(
    `SELECT * FROM sweeps
     WHERE (@projectId IS NULL OR project_id = @projectId) AND (@state IS NULL OR state = @state)
     ORDER BY id DESC`,
  );
  const selectPointRun = db.prepare<[number, string], RunRow>(
    'SELECT * FROM runs WHERE sweep_id = ? AND point_key = ?',
  );
  const deleteById = db.prepare<[number]>('DELETE FROM sweeps WHERE id = ?');

  const get = (id: number) => {
    const row = selectById.get(id);
    return row && toSweep(row);
  };

  return {
    create: (sweep) => {
      const now = nowIso();
      return toSweep(expectedRow(insert.get(sweep.projectId, sweep.name, toJson(sweep.spec), now, now)));
    },
    get,
    list: (filter = {}) =>
      selectFiltered.all({ projectId: filter.projectId ?? null, state: filter.state ?? null }).map(toSweep),
    ...createLifecycle(db, 'sweeps', 'sweep', (id: number) => found(get(id), `sweep ${id}`)),
    pointRun: (sweepId, point) => {
      const row = selectPointRun.get(sweepId, canonicalJson(point));
      return row && toRun(row);
    },
    delete: (id) => changedRow(deleteById.run(id), `sweep ${id}`),
  };
}
