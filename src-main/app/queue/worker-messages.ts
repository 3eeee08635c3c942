// The messages between the job queue (main thread) and a simulation worker. A worker keeps no store: it posts the
// run's events and asks its two questions (`RunJournal`), and the main thread, the only SQLite writer, answers.
import type { RunProgressEvent } from '../runs/evaluate-run';
import type { RunEvent, RunStart } from '../runs/run-journal';
import type { RunRequest } from '../runs/run-request';
import type { Json } from '../../store';
import type { StoreErrorCode } from '../../store/errors';

export interface WorkerSetup {
  cacheDir: string;
  cacheMaxBytes?: number;
  intraOpThreads: number;
  batchSize?: number;
}

/** One run to evaluate (a standalone run, or one point of a sweep). */
export interface EvaluateTask {
  taskId: number;
  request: RunRequest;
  /** Continue this interrupted run instead of creating one. */
  resumeRunId?: string;
}

export type JournalQuestion = { type: 'begin'; start: RunStart } | { type: 'storedRanges'; key: string };

/** What each question is answered with. */
export interface JournalAnswers {
  begin: { runId: string; finishedAnalogTrials: number[] };
  storedRanges: Json | undefined;
}

/** A failure on the main side; a store failure keeps its code, so the run fails as it would in one process. */
export type JournalAnswer =
  | { ok: true; value: JournalAnswers[JournalQuestion['type']] }
  | { ok: false; message: string; storeCode: StoreErrorCode | null };

export type ToWorker =
  | ({ type: 'evaluate' } & EvaluateTask)
  | { type: 'cancel' | 'pause' | 'resume'; taskId: number }
  | { type: 'answer'; taskId: number; questionId: number; answer: JournalAnswer };

export type FromWorker =
  | { type: 'progress'; taskId: number; event: RunProgressEvent }
  | { type: 'run-event'; taskId: number; event: RunEvent }
  | { type: 'question'; taskId: number; questionId: number; question: JournalQuestion }
  | { type: 'finished'; taskId: number; state: 'finished' | 'cancelled' }
  | { type: 'failed'; taskId: number; message: string; code: string };
