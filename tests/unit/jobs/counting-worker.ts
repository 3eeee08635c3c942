// A worker for the task queue's tests that knows nothing of runs: a task is a count; it asks the host for a step
// once, reports progress step by step, and fails on a negative count.
import { parentPort } from 'node:worker_threads';
import type { FromTaskWorker, ToTaskWorker } from '../../../src-main/jobs/task-messages';

export interface CountTask {
  count: number;
  name: string;
}

const port = parentPort!;
const post = (message: FromTaskWorker<{ ask: 'step' }>) => port.postMessage(message);
const cancelled = new Set<number>();
const replies = new Map<number, (step: number) => void>();

port.on('message', (message: ToTaskWorker<CountTask, { step: number }>) => {
  if (message.type === 'start') void count(message.taskId, message.payload);
  else if (message.type === 'reply') replies.get(message.taskId)?.(message.body.step);
  else if (message.type === 'cancel') cancelled.add(message.taskId);
});

async function count(taskId: number, { count, name }: CountTask): Promise<void> {
  if (count < 0) {
    post({ type: 'failed', taskId, message: `${name}: a count cannot be negative`, code: 'invalid-request' });
    return;
  }
  const step = await new Promise<number>((resolve) => {
    replies.set(taskId, resolve);
    post({ type: 'message', taskId, body: { ask: 'step' } });
  });
  for (let done = 0; done < count; done += step) {
    if (cancelled.has(taskId)) {
      post({ type: 'finished', taskId, state: 'cancelled' });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    const progress = {
      resultId: name,
      done: done + step,
      total: count,
      phase: null,
      trial: null,
      step: null,
    };
    post({ type: 'progress', taskId, progress });
  }
  post({ type: 'finished', taskId, state: 'finished' });
}
