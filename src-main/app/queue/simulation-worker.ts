// A worker thread that evaluates one run at a time with its own onnxruntime sessions. It holds no store: the run's
// events go to the main thread as messages, and its questions (`RunJournal`) are answered from there.
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateRunInto } from '../runs/evaluate-run';
import type { RunJournal } from '../runs/run-journal';
import { errorCode } from '../api/errors';
import { StoreError } from '../../store/errors';
import { SwitchablePauseGate } from '../../jobs/pause-gate';
import type { FromTaskWorker, ToTaskWorker } from '../../jobs/task-messages';
import type {
  JournalAnswer,
  JournalAnswers,
  JournalQuestion,
  RunTask,
  RunTaskMessage,
  RunTaskReply,
  WorkerSetup,
} from './worker-messages';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const post = (message: FromTaskWorker<RunTaskMessage>) => port.postMessage(message);

interface Current {
  taskId: number;
  abort: AbortController;
  gate: SwitchablePauseGate;
}
let current: Current | null = null;

/** Questions posted and not yet answered, by id. */
const asked = new Map<number, (answer: JournalAnswer) => void>();
let nextQuestion = 1;

port.on('message', (message: ToTaskWorker<RunTask, RunTaskReply>) => {
  if (message.type === 'start') {
    void evaluate(message.taskId, message.payload);
    return;
  }
  if (message.type === 'reply') {
    asked.get(message.body.questionId)?.(message.body.answer);
    asked.delete(message.body.questionId);
    return;
  }
  if (!current || current.taskId !== message.taskId) return;
  if (message.type === 'cancel') current.abort.abort();
  else if (message.type === 'pause') current.gate.pause();
  else current.gate.resume();
});

function postedJournal(taskId: number): RunJournal {
  const ask = <Q extends JournalQuestion>(question: Q) =>
    new Promise<JournalAnswers[Q['type']]>((resolve, reject) => {
      const questionId = nextQuestion++;
      asked.set(questionId, (answer) => {
        if (answer.ok) resolve(answer.value as JournalAnswers[Q['type']]);
        else
          reject(
            answer.storeCode ? new StoreError(answer.storeCode, answer.message) : new Error(answer.message),
          );
      });
      post({ type: 'message', taskId, body: { kind: 'question', questionId, question } });
    });
  return {
    begin: (start) => ask({ type: 'begin', start }),
    storedRanges: (key) => ask({ type: 'storedRanges', key }),
    record: (event) => post({ type: 'message', taskId, body: { kind: 'run-event', event } }),
  };
}

async function evaluate(taskId: number, task: RunTask): Promise<void> {
  const abort = new AbortController();
  current = { taskId, abort, gate: new SwitchablePauseGate(abort.signal) };
  try {
    const { state } = await evaluateRunInto(postedJournal(taskId), task.request, {
      cacheDir: setup.cacheDir,
      cacheMaxBytes: setup.cacheMaxBytes,
      intraOpThreads: setup.intraOpThreads,
      batchSize: setup.batchSize,
      signal: abort.signal,
      pauseGate: current.gate,
      resumeRunId: task.resumeRunId,
      onProgress: ({ runId, imagesDone, imagesTotal, phase, trial, step }) =>
        post({
          type: 'progress',
          taskId,
          progress: { resultId: runId, done: imagesDone, total: imagesTotal, phase, trial, step },
        }),
    });
    post({ type: 'finished', taskId, state });
  } catch (error) {
    post({
      type: 'failed',
      taskId,
      message: error instanceof Error ? error.message : String(error),
      code: errorCode(error),
    });
  } finally {
    current = null;
  }
}
