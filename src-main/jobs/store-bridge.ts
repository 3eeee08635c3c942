// Workers read and write the store through the main thread, which keeps the only SQLite connection: each call is
// posted on a dedicated port and the worker blocks (Atomics.wait) until the main side has answered, so the
// simulation code keeps using the synchronous Store interface unchanged.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { StoreError, type Store, type StoreErrorCode } from '../store';

/** What a worker needs to reach the store: transferred to it in its workerData. */
export interface StoreBridgeEnd {
  port: MessagePort;
  /** One Int32: 0 while a call is pending, 1 once its answer has been posted. */
  answered: SharedArrayBuffer;
}

interface StoreCall {
  repository: string;
  method: string;
  args: unknown[];
}

type StoreAnswer =
  | { ok: true; value: unknown }
  | { ok: false; storeError?: { code: StoreErrorCode; message: string }; message: string };

/** The repositories a worker may use; file handling (check, close) stays with the main thread. */
const REPOSITORIES = [
  'projects',
  'models',
  'datasets',
  'hardwareConfigs',
  'sweeps',
  'runs',
  'stats',
  'events',
  'calibrations',
] as const;

/** Main side: answers every call arriving on a new channel against `store`; returns the worker's end. */
export function serveStore(store: Store): { workerEnd: StoreBridgeEnd; close(): void } {
  const { port1, port2 } = new MessageChannel();
  const answered = new SharedArrayBuffer(4);
  const flag = new Int32Array(answered);
  port1.on('message', (call: StoreCall) => {
    port1.postMessage(answer(store, call));
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
  return { workerEnd: { port: port2, answered }, close: () => port1.close() };
}

function answer(store: Store, { repository, method, args }: StoreCall): StoreAnswer {
  try {
    if (!(REPOSITORIES as readonly string[]).includes(repository)) {
      throw new Error(`the store has no repository "${repository}"`);
    }
    const target = store[repository as (typeof REPOSITORIES)[number]] as unknown as Record<string, unknown>;
    const fn = target[method];
    if (typeof fn !== 'function') throw new Error(`store.${repository} has no method "${method}"`);
    return { ok: true, value: (fn as (...a: unknown[]) => unknown)(...args) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return error instanceof StoreError
      ? { ok: false, storeError: { code: error.code, message }, message }
      : { ok: false, message };
  }
}

/** Worker side: a Store whose repositories forward each call to the main thread and wait for the answer. */
export function connectStore(
  end: StoreBridgeEnd,
  { file, schemaVersion }: Pick<Store, 'file' | 'schemaVersion'>,
): Store {
  const flag = new Int32Array(end.answered);
  const call = (repository: string, method: string, args: unknown[]): unknown => {
    Atomics.store(flag, 0, 0);
    end.port.postMessage({ repository, method, args } satisfies StoreCall);
    Atomics.wait(flag, 0, 0);
    const received = answerOn(end.port, flag);
    if (!received) throw new Error(`store.${repository}.${method}: the main thread sent no answer`);
    const reply = received.message as StoreAnswer;
    if (reply.ok) return reply.value;
    if (reply.storeError) throw new StoreError(reply.storeError.code, reply.storeError.message);
    throw new Error(reply.message);
  };
  const repository = (name: string) =>
    new Proxy(
      {},
      {
        get:
          (_target, method) =>
          (...args: unknown[]) =>
            call(name, String(method), args),
      },
    );
  const refuse = () => {
    throw new Error('a worker cannot check or close the store; the main thread owns it');
  };
  return Object.freeze({
    file,
    readonly: false,
    schemaVersion,
    ...Object.fromEntries(REPOSITORIES.map((name) => [name, repository(name)])),
    check: refuse,
    close: refuse,
  }) as unknown as Store;
}

/** How long a worker looks for an answer after the main side flagged it, before it gives up. */
const ANSWER_GRACE_MS = 5000;

/**
 * The answer posted just before the flag was set. A busy e2e run once found the flag set and the port still
 * empty, so the port is read again for a while (1 ms sleeps on the flag) before the call fails.
 */
function answerOn(port: MessagePort, flag: Int32Array): { message: unknown } | undefined {
  let received = receiveMessageOnPort(port);
  for (let waited = 0; !received && waited < ANSWER_GRACE_MS; waited++) {
    Atomics.wait(flag, 0, 1, 1);
    received = receiveMessageOnPort(port);
  }
  return received;
}
