// The task queue runs tasks it does not understand: what a task is, what its worker does and what their messages
// mean belong to the host. Here the tasks are counts on a worker that knows nothing of runs.
import { afterEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../src-shared/api/jobs';
import { startWorker } from '../../../src-main/sim/circuit/worker-threads';
import { TaskQueue, type TaskHost } from '../../../src-main/jobs/task-queue';
import type { CountTask } from './counting-worker';

type Host = TaskHost<CountTask, { ask: 'step' }, { step: number }>;
const queues: TaskQueue<CountTask, { ask: 'step' }, { step: number }>[] = [];
afterEach(async () => {
  for (const queue of queues.splice(0)) await queue.close();
});

function queueWith(overrides: Partial<Host> = {}, workers = 1) {
  const settled: JobInfo[] = [];
  const host: Host = {
    spawnWorker: () => startWorker(import.meta.url, 'counting-worker', {})!,
    onMessage: (_task, _body, reply) => reply({ step: 5 }),
    onJobSettled: (job) => settled.push(job),
    ...overrides,
  };
  const queue = new TaskQueue(host, { workers, threadsPerWorker: 1 });
  queues.push(queue);
  return { queue, settled };
}

const job = (tasks: CountTask[], extra = {}) => ({
  kind: 'sweep' as const,
  label: 'counts',
  projectId: null,
  sweepId: 7,
  tasks: tasks.map((payload) => ({ payload })),
  ...extra,
});

describe('TaskQueue', () => {
  it("runs a job's tasks on the pool, answering each one's question through its host", async () => {
    const asked: string[] = [];
    const { queue, settled } = queueWith(
      {
        onMessage: (task, body, reply) => {
          asked.push(`${task.payload.name} asks ${body.ask} (job ${task.job.sweepId})`);
          reply({ step: 5 });
        },
      },
      2,
    );
    const submitted = queue.submit(
      job([
        { count: 20, name: 'a' },
        { count: 10, name: 'b' },
        { count: 15, name: 'c' },
      ]),
    );
    const done = await queue.whenDone(submitted.id);
    expect(done.state).toBe('finished');
    expect(done.runIds.sort()).toEqual(['a', 'b', 'c']);
    expect(done.progress).toMatchObject({ imagesDone: 45, imagesTotal: 45, pointsDone: 3, pointsTotal: 3 });
    expect(asked.sort()).toEqual(['a asks step (job 7)', 'b asks step (job 7)', 'c asks step (job 7)']);
    expect(settled.map((j) => j.state)).toEqual(['finished']);
  });

  it('counts what an earlier process finished, and lists its results', async () => {
    const { queue } = queueWith();
    const submitted = queue.submit(
      job([{ count: 10, name: 'new' }], { resultIds: ['old'], finished: { tasks: 1, done: 30 } }),
    );
    expect(submitted.progress).toMatchObject({ imagesDone: 30, pointsDone: 1, pointsTotal: 2 });
    const done = await queue.whenDone(submitted.id);
    expect(done.runIds).toEqual(['old', 'new']);
    expect(done.progress).toMatchObject({ imagesDone: 40, imagesTotal: 40, pointsDone: 2 });
  });

  it('fails a job whose task fails, with its code, and starts none of the tasks still queued', async () => {
    const started: number[] = [];
    const { queue } = queueWith({ onTaskStart: (j) => started.push(j.progress.pointsDone) });
    const submitted = queue.submit(
      job([
        { count: -1, name: 'bad' },
        { count: 10, name: 'never' },
      ]),
    );
    const done = await queue.whenDone(submitted.id);
    expect(done.state).toBe('failed');
    expect(done.error).toEqual({ code: 'invalid-request', message: 'bad: a count cannot be negative' });
    expect(started).toHaveLength(1);
    expect(done.runIds).toEqual([]);
  });

  it("stops a task on its host's word and fails the job with the host's reason", async () => {
    const { queue } = queueWith({
      onMessage: (task, _body, reply) => {
        reply({ step: 1 });
        queue.failTask(task.id, { code: 'store', message: 'the disk is full' });
      },
    });
    const done = await queue.whenDone(queue.submit(job([{ count: 1000, name: 'long' }])).id);
    expect(done.state).toBe('failed');
    expect(done.error).toEqual({ code: 'store', message: 'the disk is full' });
    expect(done.progress.imagesDone).toBeLessThan(1000);
  });

  it('cancels a running job between steps', async () => {
    const { queue } = queueWith();
    const submitted = queue.submit(job([{ count: 100_000, name: 'endless' }]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    queue.cancel(submitted.id);
    const done = await queue.whenDone(submitted.id);
    expect(done.state).toBe('cancelled');
    expect(done.progress.imagesDone).toBeLessThan(100_000);
  });
});
