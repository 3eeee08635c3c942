// The queue of runs and sweeps: tasks (one run each; a sweep is one task per unfinished point) go to a pool of
// simulation workers; progress, pause, cancel and resumption after a crash are handled here, on the main thread,
// which also keeps every event the workers' runs post and answers their questions (the only SQLite writer).
import type { Worker } from 'node:worker_threads';
import { isJobActive, type ApiEvent, type JobInfo, type JobState } from '../../../src-shared/api/jobs';
import type { RunProgressEvent } from '../runs/evaluate-run';
import { parseStoredRequest, type RunRequest } from '../runs/run-request';
import { storeJournal, type RunEvent, type RunJournal } from '../runs/run-journal';
import { sweepPointRequests } from '../sweeps/run-sweep';
import type { Run, Store, Sweep } from '../../store';
import { nowIso } from '../../store/clock';
import { StoreError } from '../../store/errors';
import { EtaEstimate } from '../../jobs/eta-estimate';
import { JobError } from '../../jobs/job-error';
import { poolShape, type PoolShape } from '../../jobs/pool-shape';
import { spawnSimulationWorker } from './spawn-worker';
import type { FromWorker, JournalAnswer, JournalQuestion, ToWorker } from './worker-messages';

export interface JobQueueOptions {
  cacheDir: string;
  /** The tensor cache's cap in bytes; its default when omitted. */
  cacheMaxBytes?: number;
  pool?: Partial<PoolShape>;
  batchSize?: number;
  /** Resume the runs and sweeps a killed process left behind as soon as the queue starts. */
  autoResume?: boolean;
}

interface Task {
  id: number;
  job: JobRecord;
  request: RunRequest;
  resumeRunId?: string;
  /** Image evaluations this task has done and will do in all (known once its first batch reports). */
  done: number;
  total: number;
  outcome: 'pending' | 'running' | 'finished' | 'cancelled' | 'failed';
  /** An event of its run the store refused: the task is stopped and fails with it. */
  journalError: string | null;
}

interface JobRecord {
  info: JobInfo;
  tasks: Task[];
  /** Evaluations finished before this process took the job over (a resumed sweep's finished points). */
  doneBefore: number;
  /** Seconds left, timed from the job's first reported batch. */
  eta: EtaEstimate;
  cancelRequested: boolean;
  finished: Promise<JobInfo>;
  resolve: (info: JobInfo) => void;
}

interface WorkerSlot {
  worker: Worker;
  task: Task | null;
}

export class JobQueue {
  readonly shape: PoolShape;
  #jobs = new Map<string, JobRecord>();
  #pending: Task[] = [];
  #slots: WorkerSlot[] = [];
  #listeners = new Set<(event: ApiEvent) => void>();
  #nextJob = 1;
  #nextTask = 1;
  #closed = false;
  readonly #journal: RunJournal;

  constructor(
    private readonly store: Store,
    private readonly options: JobQueueOptions,
  ) {
    this.shape = poolShape(options.pool);
    this.#journal = storeJournal(store);
    store.runs.markInterrupted();
    store.sweeps.markInterrupted();
    for (let i = 0; i < this.shape.workers; i++) this.#slots.push(this.#spawn());
    if (options.autoResume) {
      const { runs, sweeps } = this.interrupted();
      for (const sweep of sweeps) this.submitSweep(sweep.id);
      for (const run of runs) this.resumeRun(run.id);
    }
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(): JobInfo[] {
    return [...this.#jobs.values()].map((job) => structuredClone(job.info));
  }

  get(jobId: string): JobInfo | undefined {
    const job = this.#jobs.get(jobId);
    return job && structuredClone(job.info);
  }

  /** Resolves with the job's final state. */
  whenDone(jobId: string): Promise<JobInfo> {
    return this.#job(jobId).finished;
  }

  submitRun(request: RunRequest, label = 'run'): JobInfo {
    const job = this.#createJob('run', label, request.projectId ?? null, null);
    this.#addTask(job, request);
    return this.#queued(job);
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
    const job = this.#createJob('run', `run ${runId} (resumed)`, run.projectId, null);
    this.#addTask(job, request, runId);
    job.info.runIds.push(runId);
    return this.#queued(job);
  }

  /** Queues a stored sweep (new or interrupted): one task per point whose run has not finished. */
  submitSweep(sweepId: number): JobInfo {
    const sweep = this.store.sweeps.get(sweepId);
    if (!sweep) throw new JobError('not-found', `there is no sweep ${sweepId}`);
    if (sweep.state !== 'queued' && sweep.state !== 'interrupted') {
      throw new JobError('invalid-state', `sweep ${sweepId} is ${sweep.state}; it cannot be queued again`);
    }
    const job = this.#createJob('sweep', `sweep ${sweepId} ${sweep.name}`, sweep.projectId, sweepId);
    const points = sweepPointRequests(this.store, sweepId);
    job.info.progress.pointsTotal = points.length;
    for (const point of points) {
      if (point.finishedRun) {
        job.info.runIds.push(point.finishedRun.id);
        job.info.progress.pointsDone++;
        job.doneBefore += point.evaluations;
        job.info.progress.imagesTotal += point.evaluations;
      } else {
        this.#addTask(job, point.request).total = point.evaluations;
        job.info.progress.imagesTotal += point.evaluations;
      }
    }
    job.info.progress.imagesDone = job.doneBefore;
    return this.#queued(job);
  }

  cancel(jobId: string): JobInfo {
    const job = this.#job(jobId);
    if (this.#isOver(job)) return structuredClone(job.info);
    job.cancelRequested = true;
    for (const task of job.tasks) {
      if (task.outcome === 'pending') task.outcome = 'cancelled';
      else if (task.outcome === 'running') this.#post(task, { type: 'cancel', taskId: task.id });
    }
    this.#pending = this.#pending.filter((task) => task.outcome === 'pending');
    this.#settleIfDone(job);
    return structuredClone(job.info);
  }

  pause(jobId: string): JobInfo {
    const job = this.#job(jobId);
    if (job.info.state !== 'queued' && job.info.state !== 'running') {
      throw new JobError(
        'invalid-state',
        `job ${jobId} is ${job.info.state}; only a queued or running job pauses`,
      );
    }
    job.info.state = 'paused';
    for (const task of job.tasks) {
      if (task.outcome === 'running') this.#post(task, { type: 'pause', taskId: task.id });
    }
    this.#emit(job);
    return structuredClone(job.info);
  }

  resume(jobId: string): JobInfo {
    const job = this.#job(jobId);
    if (job.info.state !== 'paused') {
      throw new JobError('invalid-state', `job ${jobId} is ${job.info.state}; only a paused job resumes`);
    }
    const running = job.tasks.filter((task) => task.outcome === 'running');
    job.info.state = running.length > 0 ? 'running' : 'queued';
    job.eta.restart();
    for (const task of running) this.#post(task, { type: 'resume', taskId: task.id });
    this.#emit(job);
    this.#dispatch();
    return structuredClone(job.info);
  }

  /** Standalone runs and sweeps that a killed process left unfinished, for the user to resume. */
  interrupted(): { runs: Run[]; sweeps: Sweep[] } {
    const queuedSweeps = new Set([...this.#jobs.values()].map((job) => job.info.sweepId));
    const queuedRuns = new Set([...this.#jobs.values()].flatMap((job) => job.info.runIds));
    return {
      runs: this.store.runs
        .list({ state: 'interrupted' })
        .filter((run) => run.sweepId === null && !queuedRuns.has(run.id)),
      sweeps: this.store.sweeps.list({ state: 'interrupted' }).filter((sweep) => !queuedSweeps.has(sweep.id)),
    };
  }

  /** Cancels every job, waits for the workers to record it, and stops them. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const open = [...this.#jobs.values()].filter((job) => !this.#isOver(job));
    for (const job of open) this.cancel(job.info.id);
    await Promise.all(open.map((job) => job.finished));
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #spawn(): WorkerSlot {
    const worker = spawnSimulationWorker({
      cacheDir: this.options.cacheDir,
      cacheMaxBytes: this.options.cacheMaxBytes,
      intraOpThreads: this.shape.threadsPerWorker,
      batchSize: this.options.batchSize,
    });
    const slot: WorkerSlot = { worker, task: null };
    worker.on('message', (message: FromWorker) => this.#onMessage(slot, message));
    worker.on('error', (error) => this.#onWorkerLost(slot, error.message));
    worker.on('exit', (code) => {
      if (!this.#closed) this.#onWorkerLost(slot, `the simulation worker exited (code ${code})`);
    });
    return slot;
  }

  #onMessage(slot: WorkerSlot, message: FromWorker): void {
    const task = slot.task;
    if (!task || task.id !== message.taskId) return;
    const job = task.job;
    if (message.type === 'progress') {
      this.#onProgress(job, task, message.event);
      return;
    }
    if (message.type === 'run-event') {
      if (task.journalError === null) this.#keep(task, message.event);
      return;
    }
    if (message.type === 'question') {
      void this.#answer(message.question).then((answer) =>
        slot.worker.postMessage({
          type: 'answer',
          taskId: task.id,
          questionId: message.questionId,
          answer,
        } satisfies ToWorker),
      );
      return;
    }
    slot.task = null;
    if (task.journalError !== null) {
      task.outcome = 'failed';
      job.info.error ??= { code: 'store', message: task.journalError };
      if (job.info.kind === 'sweep') this.cancel(job.info.id);
    } else if (message.type === 'finished') {
      task.outcome = message.state;
      if (task.outcome === 'finished') job.info.progress.pointsDone++;
      task.done = task.total;
    } else {
      task.outcome = 'failed';
      job.info.error ??= { code: message.code, message: message.message };
      // A failed point fails its sweep: the points still queued are not started.
      if (job.info.kind === 'sweep') this.cancel(job.info.id);
    }
    this.#settleIfDone(job);
    this.#dispatch();
  }

  /** Keeps one event of a worker's run; one the store refuses stops the task, and its run is failed. */
  #keep(task: Task, event: RunEvent): void {
    try {
      this.#journal.record(event);
    } catch (error) {
      task.journalError = `the run's results could not be stored: ${error instanceof Error ? error.message : error}`;
      this.#post(task, { type: 'cancel', taskId: task.id });
      try {
        this.store.runs.fail(event.runId, task.journalError);
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

  #onProgress(job: JobRecord, task: Task, event: RunProgressEvent): void {
    if (!job.info.runIds.includes(event.runId)) job.info.runIds.push(event.runId);
    if (task.total === 0) job.info.progress.imagesTotal += event.imagesTotal;
    task.total = event.imagesTotal;
    task.done = event.imagesDone;
    const progress = job.info.progress;
    progress.imagesDone = job.doneBefore + job.tasks.reduce((sum, t) => sum + t.done, 0);
    progress.phase = event.phase;
    progress.trial = event.trial;
    progress.step = event.step;
    progress.etaSeconds = job.eta.update(progress.imagesDone, progress.imagesTotal);
    this.#emit(job);
  }

  #onWorkerLost(slot: WorkerSlot, reason: string): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    const task = slot.task;
    this.#slots[index] = this.#spawn();
    if (task) {
      task.outcome = 'failed';
      task.job.info.error ??= { code: 'worker-lost', message: reason };
      for (const runId of task.job.info.runIds) {
        if (this.store.runs.get(runId)?.state === 'running') this.store.runs.fail(runId, reason);
      }
      if (task.job.info.kind === 'sweep') this.cancel(task.job.info.id);
      this.#settleIfDone(task.job);
    }
    this.#dispatch();
  }

  #dispatch(): void {
    if (this.#closed) return;
    for (const slot of this.#slots) {
      if (slot.task) continue;
      const index = this.#pending.findIndex((task) => task.job.info.state !== 'paused');
      if (index < 0) return;
      const [task] = this.#pending.splice(index, 1);
      const job = task.job;
      if (job.info.sweepId !== null && this.store.sweeps.get(job.info.sweepId)?.state !== 'running') {
        this.store.sweeps.start(job.info.sweepId);
      }
      task.outcome = 'running';
      slot.task = task;
      job.info.state = 'running';
      this.#post(task, {
        type: 'evaluate',
        taskId: task.id,
        request: task.request,
        resumeRunId: task.resumeRunId,
      });
      this.#emit(job);
    }
  }

  #post(task: Task, message: ToWorker): void {
    this.#slots.find((slot) => slot.task === task)?.worker.postMessage(message);
  }

  #settleIfDone(job: JobRecord): void {
    if (this.#isOver(job)) return;
    if (job.tasks.some((task) => task.outcome === 'pending' || task.outcome === 'running')) {
      this.#emit(job);
      return;
    }
    const outcomes = new Set(job.tasks.map((task) => task.outcome));
    const state: JobState = outcomes.has('failed')
      ? 'failed'
      : job.cancelRequested || outcomes.has('cancelled')
        ? 'cancelled'
        : 'finished';
    if (job.info.sweepId !== null) this.#settleSweep(job.info.sweepId, state, job.info.error?.message);
    job.info.state = state;
    job.info.progress.etaSeconds = null;
    this.#emit(job);
    job.resolve(structuredClone(job.info));
  }

  #settleSweep(sweepId: number, state: JobState, error: string | undefined): void {
    const sweep = this.store.sweeps.get(sweepId);
    if (!sweep) return;
    if (state === 'finished') {
      if (sweep.state !== 'running') this.store.sweeps.start(sweepId);
      this.store.sweeps.finish(sweepId);
    } else if (state === 'failed') this.store.sweeps.fail(sweepId, error ?? 'a point failed');
    else this.store.sweeps.cancel(sweepId);
  }

  #createJob(
    kind: JobInfo['kind'],
    label: string,
    projectId: number | null,
    sweepId: number | null,
  ): JobRecord {
    let resolve!: (info: JobInfo) => void;
    const finished = new Promise<JobInfo>((r) => (resolve = r));
    const job: JobRecord = {
      info: {
        id: `job-${this.#nextJob++}`,
        kind,
        label,
        state: 'queued',
        projectId,
        sweepId,
        runIds: [],
        progress: {
          imagesDone: 0,
          imagesTotal: 0,
          pointsDone: 0,
          pointsTotal: 1,
          phase: null,
          trial: null,
          step: null,
          etaSeconds: null,
        },
        error: null,
        createdAt: nowIso(),
      },
      tasks: [],
      doneBefore: 0,
      eta: new EtaEstimate(),
      cancelRequested: false,
      finished,
      resolve,
    };
    this.#jobs.set(job.info.id, job);
    return job;
  }

  #addTask(job: JobRecord, request: RunRequest, resumeRunId?: string): Task {
    const task: Task = {
      id: this.#nextTask++,
      job,
      request,
      resumeRunId,
      done: 0,
      total: 0,
      outcome: 'pending',
      journalError: null,
    };
    job.tasks.push(task);
    this.#pending.push(task);
    return task;
  }

  #queued(job: JobRecord): JobInfo {
    if (this.#closed) throw new JobError('invalid-state', 'the job queue has been closed');
    this.#emit(job);
    this.#settleIfDone(job);
    this.#dispatch();
    return structuredClone(job.info);
  }

  #job(jobId: string): JobRecord {
    const job = this.#jobs.get(jobId);
    if (!job) throw new JobError('not-found', `there is no job ${jobId}`);
    return job;
  }

  #isOver(job: JobRecord): boolean {
    return !isJobActive(job.info.state);
  }

  #emit(job: JobRecord): void {
    const event: ApiEvent = { type: 'job', job: structuredClone(job.info) };
    for (const listener of this.#listeners) listener(event);
  }
}
