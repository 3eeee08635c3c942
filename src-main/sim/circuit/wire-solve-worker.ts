// A worker thread that solves parts of arrays' transfer matrices (transfer-matrix.ts) for the solve pool.
import { workerData, type MessagePort } from 'node:worker_threads';
import { transferPart } from './transfer-matrix';
import type { PartRequest, PartReply } from './wire-solve-pool';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };

port.on('message', ({ array, from, to, options }: PartRequest) => {
  let reply: PartReply;
  try {
    reply = { part: transferPart(array, from, to, options) };
  } catch (error) {
    reply = { error: (error as Error).message };
  }
  port.postMessage(reply, reply.part ? [reply.part.values.buffer as ArrayBuffer] : []);
  // The pool waits on the flag (Atomics.wait), then takes the reply from its port synchronously.
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
