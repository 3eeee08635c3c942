// What a run task is and what its worker and the main thread say about it, inside the task queue's protocol
// (jobs/task-messages.ts). A worker keeps no store: it posts its run's events and asks its two questions
// (`RunJournal`), and the main thread, the only SQLite writer, keeps and answers them.
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
export interface RunTask {
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

/** From the worker: an event of its run, or a question. */
export type RunTaskMessage =
  | { kind: 'run-event'; event: RunEvent }
  | { kind: 'question'; questionId: number; question: JournalQuestion };

/** To the worker: the answer to a question. */
export interface RunTaskReply {
  questionId: number;
  answer: JournalAnswer;
}
