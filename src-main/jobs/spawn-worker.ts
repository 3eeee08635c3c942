// Starts a simulation worker from source (through tsx, under the CLI and the tests) or from the built bundle.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../sim/circuit/worker-threads';
import type { WorkerSetup } from './worker-messages';

export function spawnSimulationWorker(setup: WorkerSetup): Worker {
  const worker = startWorker(import.meta.url, 'simulation-worker', {
    workerData: setup,
    transferList: [setup.store.port],
  });
  if (!worker) throw new Error('the simulation worker is missing from this build (simulation-worker.js)');
  return worker;
}
