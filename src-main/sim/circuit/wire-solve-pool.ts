// Solves the parts of an array's transfer matrix on several threads at once while the caller keeps its
// synchronous programming pass: each helper thread replies on its own port, and the caller blocks on a shared
// flag until it has (the programming pass stays synchronous).
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import {
  onThisThread,
  transferPart,
  WireSolveError,
  type PartRunner,
  type SolveOptions,
  type TransferPart,
} from './transfer-matrix';
import type { WireArray } from './wire-network';
import { startWorker } from './worker-threads';

export interface PartRequest {
  array: WireArray;
  from: number;
  to: number;
  options: SolveOptions;
}

export type PartReply = { part: TransferPart; error?: undefined } | { part?: undefined; error: string };

interface Helper {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

/** Helper threads, started when first needed and kept (unreferenced, so they never keep a process alive). */
const helpers: Helper[] = [];

function helper(index: number): Helper | null {
  while (helpers.length <= index) {
    const channel = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = startWorker(import.meta.url, 'wire-solve-worker', {
      workerData: { port: channel.port2, flag },
      transferList: [channel.port2],
    });
    if (!worker) return null;
    worker.unref();
    channel.port1.unref();
    helpers.push({ worker, port: channel.port1, flag });
  }
  return helpers[index];
}

/** Helper threads started so far. */
export function helperThreads(): number {
  return helpers.length;
}

/**
 * A runner that gives the first part to this thread and each other to a helper thread, `threads` in all; with
 * one thread, or where the build has no helper entry, every part runs here.
 */
export function onThreads(threads: number): PartRunner {
  if (threads <= 1) return onThisThread;
  return (array, ranges, options) => {
    const [first, ...rest] = ranges;
    const assigned = rest.map((range, i) => ({ range, helper: helper(i) }));
    if (assigned.some((a) => a.helper === null)) return onThisThread(array, ranges, options);
    for (const { range, helper: h } of assigned) {
      Atomics.store(h!.flag, 0, 0);
      h!.port.postMessage({ array, from: range[0], to: range[1], options } satisfies PartRequest);
    }
    const here = transferPart(array, first[0], first[1], options);
    const parts = assigned.map(({ helper: h }) => {
      Atomics.wait(h!.flag, 0, 0);
      const reply = receiveMessageOnPort(h!.port)?.message as PartReply | undefined;
      if (!reply) throw new WireSolveError('a wire-solve thread stopped without an answer');
      if (reply.error !== undefined) throw new WireSolveError(reply.error);
      return reply.part;
    });
    return [here, ...parts];
  };
}
