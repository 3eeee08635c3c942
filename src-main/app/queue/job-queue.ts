// The queue of runs and sweeps, on the task queue (jobs/task-queue.ts): one task per run (a sweep is one task per
// unfinished point), evaluated by simulation workers. The store is kept here, on the main thread: every event the
// workers' runs post and the answers to their questions, the sweeps' states, and what a killed process left.
import { type ApiEvent, type JobInfo } from '../../../src-shared/api/jobs';
import { parseStoredRequest, type RunRequest } from '../runs/run-request';
import { storeJournal, type RunEvent, type RunJournal } from '../runs/run-journal';
import { sweepPointRequests } from '../sweeps/run-sweep';
import type { Run, Store, Sweep } from '../../store';
import { StoreError } from '../../store/errors';
import { JobError } from '../../jobs/job-error';
import { poolShape, type PoolShape } from '../../jobs/pool-shape';
import { TaskQueue, type TaskView } from '../../jobs/task-queue';
import { spawnSimulationWorker } from './spawn-worker';
import type {
  JournalAnswer,
  JournalQuestion,
  RunTask,
  RunTaskMessage,
  RunTaskReply,
} from './worker-messages';

export interface JobQueueOptions {
  cacheDir: string;
  /** The tensor cache's cap in bytes; its default when omitted. */
  cacheMaxBytes?: number;
  pool?: Partial<PoolShape>;
  batchSize?: number;
  /** Resume the runs and sweeps a killed process left behind as soon as the queue starts. */
  autoResume?: boolean;
}

export class JobQueue {
  readonly shape: PoolShape;
  readonly #tasks: TaskQueue<RunTask, RunTaskMessage, RunTaskReply>;
  readonly #journal: RunJournal;

  constructor(
    private readonly store: Store,
    options: JobQueueOptions,
  ) {
    this.shape = poolShape(options.pool);
    this.#journal = storeJournal(store);
    store.runs.markInterrupted();
    store.sweeps.markInterrupted();
    this.#tasks = new TaskQueue(
      {
        spawnWorker: () =>
          spawnSimulationWorker({
            cacheDir: options.cacheDir,
            cacheMaxBytes: options.cacheMaxBytes,
            intraOpThreads: this.shape.threadsPerWorker,
            batchSize: options.batchSize,
          }),
        onMessage: (task, message, reply) => this.#onMessage(task, message, reply),
        onTaskStart: (job) => {
          if (job.sweepId !== null && this.store.sweeps.get(job.sweepId)?.state !== 'running') {
            this.store.sweeps.start(job.sweepId);
          }
        },
        onJobSettled: (job) => {
          if (job.sweepId !== null) this.#settleSweep(job.sweepId, job);
        },
        onTaskLost: (job, reason) => {
          for (const runId of job.runIds) {
            if (this.store.runs.get(runId)?.state === 'running') this.store.runs.fail(runId, reason);
          }
        },
      },
      this.shape,
    );
    if (options.autoResume) {
      const { runs, sweeps } = this.interrupted();
      for (const sweep of sweeps) this.submitSweep(sweep.id);
      for (const run of runs) this.resumeRun(run.id);
    }
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    return this.#tasks.subscribe(listener);
  }

  list(): JobInfo[] {
    return this.#tasks.list();
  }

  get(jobId: string): JobInfo | undefined {
    return this.#tasks.get(jobId);
  }

  /** Resolves with the job's final state. */
  whenDone(jobId: string): Promise<JobInfo> {
    return this.#tasks.whenDone(jobId);
  }

  cancel(jobId: string): JobInfo {
    return this.#tasks.cancel(jobId);
  }

  pause(jobId: string): JobInfo {
    return this.#tasks.pause(jobId);
  }

  resume(jobId: string): JobInfo {
    return this.#tasks.resume(jobId);
  }

  submitRun(request: RunRequest, label = 'run'): JobInfo {
    return this.#tasks.submit({
      kind: 'run',
      label,
      projectId: request.projectId ?? null,
      sweepId: null,
      tasks: [{ payload: { request } }],
    });
  }

  /** Continues a stored run that a killed process left interrupted, from its last finished trial. */
  resumeRun(runId: string): JobInfo {
    const run = this.store.runs.get(runId);
    if (!run) throw new JobError('not-found', `there is no run ${runId}`);
    if (run.state !== 'interrupted') {
      throw new JobError(
        'invalid-state',
        `run ${runId} is ${run.state}; only an interrupted run can be resumed`,
      );
    }
    if (run.params.request === undefined)
      throw new JobError('invalid-state', `run ${runId} was stored without its request; run it again`);
    const request = parseStoredRequest(run.params.request, runId);
    if (run.sweepId !== null) {
      throw new JobError('invalid-state', `run ${runId} belongs to sweep ${run.sweepId}: resume the sweep`);
    }
    return this.#tasks.submit({
      kind: 'run',
      label: `run ${runId} (resumed)`,
      projectId: run.projectId,
      sweepId: null,
      tasks: [{ payload: { request, resumeRunId: runId } }],
      resultIds: [runId],
    });
  }

  /** Queues a stored sweep (new or interrupted): one task per point whose run has not finished. */
  submitSweep(sweepId: number): JobInfo {
    const sweep = this.store.sweeps.get(sweepId);
    if (!sweep) throw new JobError('not-found', `there is no sweep ${sweepId}`);
    if (sweep.state !== 'queued' && sweep.state !== 'interrupted') {
      throw new JobError('invalid-state', `sweep ${sweepId} is ${sweep.state}; it cannot be queued again`);
    }
    const points = sweepPointRequests(this.store, sweepId);
    const finished = points.filter((point) => point.finishedRun);
    return this.#tasks.submit({
      kind: 'sweep',
      label: `sweep ${sweepId} ${sweep.name}`,
      projectId: sweep.projectId,
      sweepId,
      tasks: points
        .filter((point) => !point.finishedRun)
        .map((point) => ({ payload: { request: point.request }, total: point.evaluations })),
      resultIds: finished.map((point) => point.finishedRun!.id),
      finished: {
        tasks: finished.length,
        done: finished.reduce((sum, point) => sum + point.evaluations, 0),
      },
    });
  }

  /** Standalone runs and sweeps that a killed process left unfinished, for the user to resume. */
  interrupted(): { runs: Run[]; sweeps: Sweep[] } {
    const jobs = this.#tasks.list();
    const queuedSweeps = new Set(jobs.map((job) => job.sweepId));
    const queuedRuns = new Set(jobs.flatMap((job) => job.runIds));
    return {
      runs: this.store.runs
        .list({ state: 'interrupted' })
        .filter((run) => run.sweepId === null && !queuedRuns.has(run.id)),
      sweeps: this.store.sweeps.list({ state: 'interrupted' }).filter((sweep) => !queuedSweeps.has(sweep.id)),
    };
  }

  /** Cancels every job, waits for the workers to record it, and stops them. */
  close(): Promise<void> {
    return this.#tasks.close();
  }

  #onMessage(task: TaskView<RunTask>, message: RunTaskMessage, reply: (body: RunTaskReply) => void): void {
    if (message.kind === 'run-event') {
      this.#keep(task, message.event);
      return;
    }
    void this.#answer(message.question).then((answer) => reply({ questionId: message.questionId, answer }));
  }

  /** Keeps one event of a worker's run; one the store refuses stops the task, and its run is failed. */
  #keep(task: TaskView<RunTask>, event: RunEvent): void {
    try {
      this.#journal.record(event);
    } catch (error) {
      const message = `the run's results could not be stored: ${error instanceof Error ? error.message : error}`;
      this.#tasks.failTask(task.id, { code: 'store', message });
      try {
        this.store.runs.fail(event.runId, message);
      } catch {
        // The store refuses writes altogether; the job's error says so.
      }
    }
  }

  async #answer(question: JournalQuestion): Promise<JournalAnswer> {
    try {
      const value =
        question.type === 'begin'
          ? await this.#journal.begin(question.start)
          : await this.#journal.storedRanges(question.key);
      return { ok: true, value };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, message, storeCode: error instanceof StoreError ? error.code : null };
    }
  }

  #settleSweep(sweepId: number, job: JobInfo): void {
    const sweep = this.store.sweeps.get(sweepId);
    if (!sweep) return;
    if (job.state === 'finished') {
      if (sweep.state !== 'running') this.store.sweeps.start(sweepId);
      this.store.sweeps.finish(sweepId);
    } else if (job.state === 'failed')
      this.store.sweeps.fail(sweepId, job.error?.message ?? 'a point failed');
    else this.store.sweeps.cancel(sweepId);
  }
}
