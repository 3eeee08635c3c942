// A worker thread that evaluates one run at a time with its own onnxruntime sessions; the store it writes to is
// the main thread's, reached through the store bridge.
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateRun } from '../app/runs/evaluate-run';
import { errorCode } from '../app/api/errors';
import { connectStore } from './store-bridge';
import { SwitchablePauseGate } from './pause-gate';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages';

const setup = workerData as WorkerSetup;
const store = connectStore(setup.store, {
  file: setup.storeFile,
  schemaVersion: setup.storeSchemaVersion,
});
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

interface Current {
  taskId: number;
  abort: AbortController;
  gate: SwitchablePauseGate;
}
let current: Current | null = null;

port.on('message', (message: ToWorker) => {
  if (message.type === 'evaluate') {
    void evaluate(message);
    return;
  }
  if (!current || current.taskId !== message.taskId) return;
  if (message.type === 'cancel') current.abort.abort();
  else if (message.type === 'pause') current.gate.pause();
  else current.gate.resume();
});

async function evaluate(task: Extract<ToWorker, { type: 'evaluate' }>): Promise<void> {
  const abort = new AbortController();
  current = { taskId: task.taskId, abort, gate: new SwitchablePauseGate(abort.signal) };
  try {
    const summary = await evaluateRun(store, task.request, {
      cacheDir: setup.cacheDir,
      cacheMaxBytes: setup.cacheMaxBytes,
      intraOpThreads: setup.intraOpThreads,
      batchSize: setup.batchSize,
      signal: abort.signal,
      pauseGate: current.gate,
      resumeRunId: task.resumeRunId,
      onProgress: (event) => post({ type: 'progress', taskId: task.taskId, event }),
    });
    post({ type: 'finished', taskId: task.taskId, summary });
  } catch (error) {
    post({
      type: 'failed',
      taskId: task.taskId,
      message: error instanceof Error ? error.message : String(error),
      code: errorCode(error),
    });
  } finally {
    current = null;
  }
}
