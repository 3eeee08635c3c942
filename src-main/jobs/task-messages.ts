// What the task queue and a worker say to each other. `Payload` is what a task is; `Message` and `Reply` carry
// the submitter's own exchange with its worker (the queue passes them through without reading them).
import type { JobProgress } from '../../src-shared/api/jobs';

/** How far a task has come: counts of its unit of work (image evaluations) and what it is doing. */
export interface TaskProgress extends Pick<JobProgress, 'phase' | 'trial' | 'step'> {
  /** The result the task is producing (a run's id), listed on its job. */
  resultId: string;
  done: number;
  total: number;
}

export type ToTaskWorker<Payload, Reply> =
  | { type: 'start'; taskId: number; payload: Payload }
  | { type: 'cancel' | 'pause' | 'resume'; taskId: number }
  | { type: 'reply'; taskId: number; body: Reply };

export type FromTaskWorker<Message> =
  | { type: 'progress'; taskId: number; progress: TaskProgress }
  | { type: 'message'; taskId: number; body: Message }
  | { type: 'finished'; taskId: number; state: 'finished' | 'cancelled' }
  | { type: 'failed'; taskId: number; message: string; code: string };
