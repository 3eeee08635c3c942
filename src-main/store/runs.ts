// Runs: one evaluation of a model on a dataset under one hardware config, from creation to a finished state.
import type Database from 'better-sqlite3';
import { nowIso } from './clock';
import { changedRow, found, expectedRow } from './errors';
import { newRunId } from './ids';
import { canonicalJson, toJson, type JsonObject } from './json';
import { createLifecycle, type LifecycleMethods } from './lifecycle';
import { createRunProgressRepository, type RunProgressRepository } from './run-progress';
import { toRun, type Run, type RunRow, type RunState } from './run-records';

export interface NewRun {
  readonly projectId: number;
  readonly modelId: number;
  readonly datasetId: number;
  /** null runs the digital model only. */
  readonly config: JsonObject | null;
  readonly params: JsonObject;
  /** Image evaluations planned over all trials (images × trials), the denominator of progress. */
  readonly imagesTotal: number;
  readonly seed: number;
  /** Set when the run evaluates one point of a sweep; a sweep has at most one run per point. */
  readonly sweepPoint?: { readonly sweepId: number; readonly point: JsonObject };
}

export interface RunFilter {
  readonly projectId?: number;
  readonly sweepId?: number;
  readonly state?: RunState;
  readonly limit?: number;
}

export interface RunRepository extends RunProgressRepository, LifecycleMethods<string, Run> {
  /** A new run in state 'queued'. */
  create(run: NewRun): Run;
  get(id: string): Run | undefined;
  /** Newest first. */
  list(filter?: RunFilter): readonly Run[];
  delete(id: string): void;
  /** Records which stored calibration the run's analog trials use (it must exist in `calibrations`). */
  setCalibration(id: string, key: string): Run;
}

interface RunInsertParams {
  id: string;
  projectId: number;
  sweepId: number | null;
  pointKey: string | null;
  modelId: number;
  datasetId: number;
  config: string | null;
  params: string;
  imagesTotal: number;
  seed: number;
  now: string;
}

interface RunFilterParams {
  projectId: number | null;
  sweepId: number | null;
  state: string | null;
  limit: number;
}

export function createRunRepository(db: Database.Database): RunRepository {
  const insert = db.prepare<RunInsertParams, RunRow>(
    `INSERT INTO runs (id, project_id, sweep_id, point_key, model_id, dataset_id, config, params, state,
       images_total, seed, created_at, updated_at)
     VALUES (@id, @projectId, @sweepId, @pointKey, @modelId, @datasetId, @config, @params, 'queued',
       @imagesTotal, @seed, @now, @now)
     RETURNING *`,
  );
  const selectById = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  const selectFiltered = db.prepare<RunFilterParams, RunRow>(
    `SELECT * FROM runs
     WHERE (@projectId IS NULL OR project_id = @projectId)
       AND (@sweepId IS NULL OR sweep_id = @sweepId)
       AND (@state IS NULL OR state = @state)
     ORDER BY id DESC LIMIT @limit`,
  );
  const deleteById = db.prepare<[string]>('DELETE FROM runs WHERE id = ?');
  const updateCalibration = db.prepare<[string, string, string], RunRow>(
    'UPDATE runs SET calibration_key = ?, updated_at = ? WHERE id = ? RETURNING *',
  );

  const get = (id: string) => {
    const row = selectById.get(id);
    return row && toRun(row);
  };

  return {
    create: (run) => {
      const row = insert.get({
        id: newRunId(),
        projectId: run.projectId,
        sweepId: run.sweepPoint?.sweepId ?? null,
        pointKey: run.sweepPoint ? canonicalJson(run.sweepPoint.point) : null,
        modelId: run.modelId,
        datasetId: run.datasetId,
        config: run.config === null ? null : toJson(run.config),
        params: toJson(run.params),
        imagesTotal: run.imagesTotal,
        seed: run.seed,
        now: nowIso(),
      });
      return toRun(expectedRow(row));
    },
    get,
    list: (filter = {}) =>
      selectFiltered
        .all({
          projectId: filter.projectId ?? null,
          sweepId: filter.sweepId ?? null,
          state: filter.state ?? null,
          // SQLite reads a negative LIMIT as "no limit".
          limit: filter.limit ?? -1,
        })
        .map(toRun),
    ...createLifecycle(db, 'runs', 'run', (id: string) => found(get(id), `run ${id}`)),
    delete: (id) => changedRow(deleteById.run(id), `run ${id}`),
    setCalibration: (id, key) => toRun(found(updateCalibration.get(key, nowIso(), id), `run ${id}`)),
    ...createRunProgressRepository(db),
  };
}
