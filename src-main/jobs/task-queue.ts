// A queue of jobs, each a list of opaque tasks, on a pool of worker threads: dispatch, progress with an ETA, pause,
// cancel, and a worker replaced when it dies. What a task is, what its worker runs and what their messages mean
// belong to whoever submits it (the app's queue of runs and sweeps), through `TaskHost`.
import type { Worker } from 'node:worker_threads';
import { isJobActive, type ApiEvent, type JobInfo, type JobState } from '../../src-shared/api/jobs';
import { EtaEstimate } from './eta-estimate';
import { JobError } from './job-error';
import type { PoolShape } from './pool-shape';
import type { FromTaskWorker, TaskProgress, ToTaskWorker } from './task-messages';

/** A task as its host sees it: its id, what it is, and the job it belongs to. */
export interface TaskView<Payload> {
  id: number;
  payload: Payload;
  job: JobInfo;
}

export interface TaskHost<Payload, Message, Reply> {
  /** A worker thread that understands `ToTaskWorker<Payload, Reply>`. */
  spawnWorker(): Worker;
  /** A message of a running task's own exchange; `reply` answers on its worker. */
  onMessage(task: TaskView<Payload>, body: Message, reply: (body: Reply) => void): void;
  /** Called as each task of `job` starts. */
  onTaskStart?(job: JobInfo): void;
  /** Called once a job has reached its final state. */
  onJobSettled?(job: JobInfo): void;
  /** The worker running a task of `job` died (`reason`); the task fails. */
  onTaskLost?(job: JobInfo, reason: string): void;
}

export interface NewJob<Payload> {
  kind: JobInfo['kind'];
  label: string;
  projectId: number | null;
  sweepId: number | null;
  /** `total`: its units of work, when known before it reports (a sweep point's images × trials). */
  tasks: { payload: Payload; total?: number }[];
  /** Results the job has before it starts: a resumed run's, a sweep's finished points' (listed on the job). */
  resultIds?: string[];
  /** What an earlier process finished of this job: its tasks (a sweep's points) and their units of work. */
  finished?: { tasks: number; done: number };
}

interface Task<Payload> {
  id: number;
  job: JobRecord<Payload>;
  payload: Payload;
  /** Units of work this task has done and will do in all (known once it first reports, if not before). */
  done: number;
  total: number;
  outcome: 'pending' | 'running' | 'finished' | 'cancelled' | 'failed';
  /** Set when its host stopped it (`failTask`): it fails with this once its worker has stopped. */
  failure: { code: string; message: string } | null;
}

interface JobRecord<Payload> {
  info: JobInfo;
  tasks: Task<Payload>[];
  /** Units of work finished before this process took the job over. */
  doneBefore: number;
  /** Seconds left, timed from the job's first report. */
  eta: EtaEstimate;
  cancelRequested: boolean;
  finished: Promise<JobInfo>;
  resolve: (info: JobInfo) => void;
}

interface WorkerSlot<Payload> {
  worker: Worker;
  task: Task<Payload> | null;
}

export class TaskQueue<Payload, Message, Reply> {
  #jobs = new Map<string, JobRecord<Payload>>();
  #pending: Task<Payload>[] = [];
  #slots: WorkerSlot<Payload>[] = [];
  #listeners = new Set<(event: ApiEvent) => void>();
  #nextJob = 1;
  #nextTask = 1;
  #closed = false;

  constructor(
    private readonly host: TaskHost<Payload, Message, Reply>,
    readonly shape: PoolShape,
  ) {
    for (let i = 0; i < shape.workers; i++) this.#slots.push(this.#spawn());
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

  submit(spec: NewJob<Payload>): JobInfo {
    if (this.#closed) throw new JobError('invalid-state', 'the job queue has been closed');
    const job = this.#createJob(spec);
    for (const { payload, total } of spec.tasks) {
      const task: Task<Payload> = {
        id: this.#nextTask++,
        job,
        payload,
        done: 0,
        total: total ?? 0,
        outcome: 'pending',
        failure: null,
      };
      job.tasks.push(task);
      this.#pending.push(task);
      job.info.progress.imagesTotal += task.total;
    }
    this.#emit(job);
    this.#settleIfDone(job);
    this.#dispatch();
    return structuredClone(job.info);
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

  /** Stops a running task on its host's word: it fails with `failure` once its worker has stopped. */
  failTask(taskId: number, failure: { code: string; message: string }): void {
    const task = this.#slots.find((slot) => slot.task?.id === taskId)?.task;
    if (!task || task.failure) return;
    task.failure = failure;
    this.#post(task, { type: 'cancel', taskId });
  }

  /** Cancels every job, waits for the workers to stop their tasks, and stops the workers. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const open = [...this.#jobs.values()].filter((job) => !this.#isOver(job));
    for (const job of open) this.cancel(job.info.id);
    await Promise.all(open.map((job) => job.finished));
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #spawn(): WorkerSlot<Payload> {
    const worker = this.host.spawnWorker();
    const slot: WorkerSlot<Payload> = { worker, task: null };
    worker.on('message', (message: FromTaskWorker<Message>) => this.#onMessage(slot, message));
    worker.on('error', (error) => this.#onWorkerLost(slot, error.message));
    worker.on('exit', (code) => {
      if (!this.#closed) this.#onWorkerLost(slot, `the worker exited (code ${code})`);
    });
    return slot;
  }

  #onMessage(slot: WorkerSlot<Payload>, message: FromTaskWorker<Message>): void {
    const task = slot.task;
    if (!task || task.id !== message.taskId) return;
    const job = task.job;
    if (message.type === 'progress') {
      this.#onProgress(job, task, message.progress);
      return;
    }
    if (message.type === 'message') {
      if (task.failure) return;
      const view = { id: task.id, payload: task.payload, job: job.info };
      this.host.onMessage(view, message.body, (body) =>
        slot.worker.postMessage({ type: 'reply', taskId: task.id, body } satisfies ToTaskWorker<
          Payload,
          Reply
        >),
      );
      return;
    }
    slot.task = null;
    if (message.type === 'finished' && !task.failure) {
      task.outcome = message.state;
      if (task.outcome === 'finished') job.info.progress.pointsDone++;
      task.done = task.total;
    } else {
      task.outcome = 'failed';
      job.info.error ??= task.failure ?? {
        code: message.type === 'failed' ? message.code : 'internal',
        message: message.type === 'failed' ? message.message : 'the task stopped',
      };
      // A failed task fails its job: the tasks still queued are not started.
      this.cancel(job.info.id);
    }
    this.#settleIfDone(job);
    this.#dispatch();
  }

  #onProgress(job: JobRecord<Payload>, task: Task<Payload>, report: TaskProgress): void {
    if (!job.info.runIds.includes(report.resultId)) job.info.runIds.push(report.resultId);
    if (task.total === 0) job.info.progress.imagesTotal += report.total;
    task.total = report.total;
    task.done = report.done;
    const progress = job.info.progress;
    progress.imagesDone = job.doneBefore + job.tasks.reduce((sum, t) => sum + t.done, 0);
    progress.phase = report.phase;
    progress.trial = report.trial;
    progress.step = report.step;
    progress.etaSeconds = job.eta.update(progress.imagesDone, progress.imagesTotal);
    this.#emit(job);
  }

  #onWorkerLost(slot: WorkerSlot<Payload>, reason: string): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    const task = slot.task;
    this.#slots[index] = this.#spawn();
    if (task) {
      task.outcome = 'failed';
      task.job.info.error ??= { code: 'worker-lost', message: reason };
      this.host.onTaskLost?.(task.job.info, reason);
      this.cancel(task.job.info.id);
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
      this.host.onTaskStart?.(job.info);
      task.outcome = 'running';
      slot.task = task;
      job.info.state = 'running';
      this.#post(task, { type: 'start', taskId: task.id, payload: task.payload });
      this.#emit(job);
    }
  }

  #post(task: Task<Payload>, message: ToTaskWorker<Payload, Reply>): void {
    this.#slots.find((slot) => slot.task === task)?.worker.postMessage(message);
  }

  #settleIfDone(job: JobRecord<Payload>): void {
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
    job.info.state = state;
    job.info.progress.etaSeconds = null;
    this.host.onJobSettled?.(structuredClone(job.info));
    this.#emit(job);
    job.resolve(structuredClone(job.info));
  }

  #createJob(spec: NewJob<Payload>): JobRecord<Payload> {
    let resolve!: (info: JobInfo) => void;
    const finished = new Promise<JobInfo>((r) => (resolve = r));
    const before = spec.finished ?? { tasks: 0, done: 0 };
    const job: JobRecord<Payload> = {
      info: {
        id: `job-${this.#nextJob++}`,
        kind: spec.kind,
        label: spec.label,
        state: 'queued',
        projectId: spec.projectId,
        sweepId: spec.sweepId,
        runIds: [...(spec.resultIds ?? [])],
        progress: {
          imagesDone: before.done,
          imagesTotal: before.done,
          pointsDone: before.tasks,
          pointsTotal: spec.tasks.length + before.tasks,
          phase: null,
          trial: null,
          step: null,
          etaSeconds: null,
        },
        error: null,
        createdAt: new Date().toISOString(),
      },
      tasks: [],
      doneBefore: before.done,
      eta: new EtaEstimate(),
      cancelRequested: false,
      finished,
      resolve,
    };
    this.#jobs.set(job.info.id, job);
    return job;
  }

  #job(jobId: string): JobRecord<Payload> {
    const job = this.#jobs.get(jobId);
    if (!job) throw new JobError('not-found', `there is no job ${jobId}`);
    return job;
  }

  #isOver(job: JobRecord<Payload>): boolean {
    return !isJobActive(job.info.state);
  }

  #emit(job: JobRecord<Payload>): void {
    const event: ApiEvent = { type: 'job', job: structuredClone(job.info) };
    for (const listener of this.#listeners) listener(event);
  }
}
