// How many simulation workers to run and how many onnxruntime threads each gets.
import { availableParallelism } from 'node:os';

export interface PoolShape {
  workers: number;
  threadsPerWorker: number;
}

/**
 * One single-threaded worker per core: `npm run bench` measured 2 workers × 1 thread faster than 1 worker ×
 * 2 threads on a 2-core machine for sweeps of the demo (docs/benchmarks.md), since small models do not keep
 * onnxruntime's intra-op threads busy. Either number can be set instead.
 */
export function poolShape(requested: Partial<PoolShape> = {}, cores = availableParallelism()): PoolShape {
  const workers = requested.workers ?? Math.max(1, Math.floor(cores / (requested.threadsPerWorker ?? 1)));
  const threadsPerWorker = requested.threadsPerWorker ?? Math.max(1, Math.floor(cores / workers));
  return { workers, threadsPerWorker };
}
