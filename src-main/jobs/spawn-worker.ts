// Starts a simulation worker from source (through tsx, under the CLI and the tests) or from the built bundle.
import { Worker } from 'node:worker_threads';
import type { WorkerSetup } from './worker-messages';

export function spawnSimulationWorker(setup: WorkerSetup): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  // A variable, not a literal, so that the bundler leaves the URL alone: the worker is its own bundle entry.
  const entryFile = fromSource ? './simulation-worker.ts' : './simulation-worker.js';
  const entry = new URL(entryFile, import.meta.url);
  const options = { workerData: setup, transferList: [setup.store.port] };
  if (!fromSource) return new Worker(entry, options);
  // Node 20 does not apply the parent's --import loaders to a worker's entry, so register tsx inside it first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
