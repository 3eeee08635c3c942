// The messages between the job queue (main thread) and a simulation worker.
import type { RunProgressEvent } from '../app/runs/evaluate-run';
import type { RunRequest } from '../app/runs/run-request';
import type { RunSummary } from '../app/runs/run-summary';
import type { StoreBridgeEnd } from './store-bridge';

export interface WorkerSetup {
  store: StoreBridgeEnd;
  storeFile: string;
  storeSchemaVersion: number;
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

export type ToWorker =
  ({ type: 'evaluate' } & EvaluateTask) | { type: 'cancel' | 'pause' | 'resume'; taskId: number };

export type FromWorker =
  | { type: 'progress'; taskId: number; event: RunProgressEvent }
  | { type: 'finished'; taskId: number; summary: RunSummary }
  | { type: 'failed'; taskId: number; message: string; code: string };
