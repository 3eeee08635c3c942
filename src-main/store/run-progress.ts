// What a running run records as it goes: one row per evaluated batch, then one summary per finished trial.
// Each call is one transaction, so a killed process leaves whole batches or none, never a half-counted one.
import type Database from 'better-sqlite3';
import { nowIso } from './clock';
import { found, expectedRow, StoreError } from './errors';
import { parseSkipped, type SkippedImage } from './run-records';

export type TrialKind = 'digital' | 'analog';

/** The digital reference is trial ('digital', 0); analog trials are numbered from 0 with their own seeds. */
export interface TrialKey {
  readonly kind: TrialKind;
  readonly trialIndex: number;
}

export interface BatchResult extends TrialKey {
  readonly batchIndex: number;
  readonly images: number;
  readonly correctTop1: number;
  readonly correctTop5: number;
  /** Analog trials: images whose top-1 class matched the digital model's. */
  readonly agreeTop1?: number | null;
  /** Images of this batch that could not be used; each file is kept once across trials. */
  readonly skipped?: readonly SkippedImage[];
}

export interface RecordedBatch extends TrialKey {
  readonly batchIndex: number;
  readonly images: number;
  readonly correctTop1: number;
  readonly correctTop5: number;
  readonly agreeTop1: number | null;
  readonly recordedAt: string;
}

export interface Trial extends TrialKey {
  readonly runId: string;
  readonly images: number;
  readonly top1: number;
  readonly top5: number;
  /** Fraction of images whose analog top-1 matched the digital top-1; null when not measured. */
  readonly agreementTop1: number | null;
  readonly finishedAt: string;
}

/** Everything needed to resume a run: the batches already recorded and the trials already summarised. */
export interface RunProgress {
  readonly runId: string;
  readonly imagesTotal: number;
  readonly imagesDone: number;
  readonly batches: readonly RecordedBatch[];
  readonly trials: readonly Trial[];
}

export interface RunProgressRepository {
  /**
   * Records one batch of a running run and adds its images to the run's progress. Recording the same
   * (kind, trial, batch) again changes nothing and returns false, so a resumed run may replay a batch.
   */
  recordBatch(runId: string, batch: BatchResult): boolean;
  /** Summarises a trial from its recorded batches (again: recomputed). */
  finishTrial(runId: string, trial: TrialKey): Trial;
  progress(runId: string): RunProgress;
}

// `kind` columns are limited to the TrialKind values by CHECK constraints.
interface BatchRow {
  kind: TrialKind;
  trial_index: number;
  batch_index: number;
  images: number;
  correct_top1: number;
  correct_top5: number;
  agree_top1: number | null;
  recorded_at: string;
}

interface TrialRow {
  run_id: string;
  kind: TrialKind;
  trial_index: number;
  images: number;
  top1: number;
  top5: number;
  agreement_top1: number | null;
  finished_at: string;
}

interface TrialTotalsRow {
  images: number;
  correct_top1: number;
  correct_top5: number;
  agree_top1: number | null;
}

type BatchParams = Omit<BatchRow, 'recorded_at'> & { run_id: string; recorded_at: string };

function toRecordedBatch(row: BatchRow): RecordedBatch {
  return Object.freeze({
    kind: row.kind,
    trialIndex: row.trial_index,
    batchIndex: row.batch_index,
    images: row.images,
    correctTop1: row.correct_top1,
    correctTop5: row.correct_top5,
    agreeTop1: row.agree_top1,
    recordedAt: row.recorded_at,
  });
}

function toTrial(row: TrialRow): Trial {
  return Object.freeze({
    runId: row.run_id,
    kind: row.kind,
    trialIndex: row.trial_index,
    images: row.images,
    top1: row.top1,
    top5: row.top5,
    agreementTop1: row.agreement_top1,
    finishedAt: row.finished_at,
  });
}

/** Adds the newly skipped files to the stored list, keeping the first reason given for each file. */
function mergeSkipped(stored: string, added: readonly SkippedImage[]): string {
  if (added.length === 0) return stored;
  const byFile = new Map(parseSkipped(stored).map((image) => [image.file, image]));
  added.filter((image) => !byFile.has(image.file)).forEach((image) => byFile.set(image.file, image));
  return JSON.stringify([...byFile.values()]);
}

function trialName(runId: string, trial: TrialKey): string {
  return `run ${runId} ${trial.kind} trial ${trial.trialIndex}`;
}

interface RunCountersRow {
  state: string;
  skipped: string;
  images_total: number;
  images_done: number;
}

/** Looks up a run's counters; results arriving for a run that is not running are refused, not recorded. */
function createRunLookup(db: Database.Database) {
  const selectRun = db.prepare<[string], RunCountersRow>(
    'SELECT state, skipped, images_total, images_done FROM runs WHERE id = ?',
  );
  const existing = (runId: string) => found(selectRun.get(runId), `run ${runId}`);
  const running = (runId: string) => {
    const run = existing(runId);
    if (run.state !== 'running') {
      throw new StoreError('invalid-state', `cannot record results for run ${runId}: it is ${run.state}`);
    }
    return run;
  };
  return { existing, running };
}

type RunLookup = ReturnType<typeof createRunLookup>;

function createBatchRecorder(db: Database.Database, runs: RunLookup) {
  const insertBatch = db.prepare<BatchParams>(
    `INSERT INTO run_progress (run_id, kind, trial_index, batch_index, images, correct_top1, correct_top5,
       agree_top1, recorded_at)
     VALUES (@run_id, @kind, @trial_index, @batch_index, @images, @correct_top1, @correct_top5, @agree_top1,
       @recorded_at)
     ON CONFLICT (run_id, kind, trial_index, batch_index) DO NOTHING`,
  );
  const addToRun = db.prepare<[number, string, string, string]>(
    'UPDATE runs SET images_done = images_done + ?, skipped = ?, updated_at = ? WHERE id = ?',
  );
  return db.transaction((runId: string, batch: BatchResult): boolean => {
    const run = runs.running(runId);
    const inserted = insertBatch.run({
      run_id: runId,
      kind: batch.kind,
      trial_index: batch.trialIndex,
      batch_index: batch.batchIndex,
      images: batch.images,
      correct_top1: batch.correctTop1,
      correct_top5: batch.correctTop5,
      agree_top1: batch.agreeTop1 ?? null,
      recorded_at: nowIso(),
    });
    if (inserted.changes === 0) return false;
    addToRun.run(batch.images, mergeSkipped(run.skipped, batch.skipped ?? []), nowIso(), runId);
    return true;
  });
}

function createTrialFinisher(db: Database.Database, runs: RunLookup) {
  const selectTotals = db.prepare<[string, TrialKind, number], TrialTotalsRow>(
    `SELECT ifnull(sum(images), 0) AS images, ifnull(sum(correct_top1), 0) AS correct_top1,
       ifnull(sum(correct_top5), 0) AS correct_top5,
       CASE WHEN count(agree_top1) = count(*) THEN sum(agree_top1) END AS agree_top1
     FROM run_progress WHERE run_id = ? AND kind = ? AND trial_index = ?`,
  );
  const upsertTrial = db.prepare<TrialRow, TrialRow>(
    `INSERT INTO trials (run_id, kind, trial_index, images, top1, top5, agreement_top1, finished_at)
     VALUES (@run_id, @kind, @trial_index, @images, @top1, @top5, @agreement_top1, @finished_at)
     ON CONFLICT (run_id, kind, trial_index) DO UPDATE SET images = excluded.images, top1 = excluded.top1,
       top5 = excluded.top5, agreement_top1 = excluded.agreement_top1, finished_at = excluded.finished_at
     RETURNING *`,
  );
  return db.transaction((runId: string, trial: TrialKey): Trial => {
    runs.running(runId);
    const totals = expectedRow(selectTotals.get(runId, trial.kind, trial.trialIndex));
    if (totals.images === 0) {
      throw new StoreError('invalid-state', `cannot finish ${trialName(runId, trial)}: no images recorded`);
    }
    const row = upsertTrial.get({
      run_id: runId,
      kind: trial.kind,
      trial_index: trial.trialIndex,
      images: totals.images,
      top1: totals.correct_top1 / totals.images,
      top5: totals.correct_top5 / totals.images,
      agreement_top1: totals.agree_top1 === null ? null : totals.agree_top1 / totals.images,
      finished_at: nowIso(),
    });
    return toTrial(expectedRow(row));
  });
}

function createProgressReader(db: Database.Database, runs: RunLookup) {
  // 'digital' sorts after 'analog', so descending kind lists the digital reference first.
  const selectBatches = db.prepare<[string], BatchRow>(
    `SELECT kind, trial_index, batch_index, images, correct_top1, correct_top5, agree_top1, recorded_at
     FROM run_progress WHERE run_id = ? ORDER BY kind DESC, trial_index, batch_index`,
  );
  const selectTrials = db.prepare<[string], TrialRow>(
    'SELECT * FROM trials WHERE run_id = ? ORDER BY kind DESC, trial_index',
  );
  // One transaction, so the batches, trials and counters all describe the same moment.
  return db.transaction((runId: string): RunProgress => {
    const run = runs.existing(runId);
    return Object.freeze({
      runId,
      imagesTotal: run.images_total,
      imagesDone: run.images_done,
      batches: Object.freeze(selectBatches.all(runId).map(toRecordedBatch)),
      trials: Object.freeze(selectTrials.all(runId).map(toTrial)),
    });
  });
}

export function createRunProgressRepository(db: Database.Database): RunProgressRepository {
  const runs = createRunLookup(db);
  const recordBatch = createBatchRecorder(db, runs);
  const finishTrial = createTrialFinisher(db, runs);
  const progress = createProgressReader(db, runs);
  return {
    recordBatch: (runId, batch) => recordBatch.immediate(runId, batch),
    finishTrial: (runId, trial) => finishTrial.immediate(runId, trial),
    progress: (runId) => progress.deferred(runId),
  };
}
