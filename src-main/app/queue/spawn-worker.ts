// Starts a simulation worker from its source (through tsx).
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../sim/circuit/worker-threads';
import type { WorkerSetup } from './worker-messages';

export function spawnSimulationWorker(setup: WorkerSetup): Worker {
  const worker = startWorker(import.meta.url, 'simulation-worker', { workerData: setup });
  if (!worker)
    throw new Error('the simulation worker (simulation-worker.ts) is missing beside spawn-worker.ts');
  return worker;
}
