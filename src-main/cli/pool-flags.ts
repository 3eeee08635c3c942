// --workers and --threads-per-worker: the shape of the simulation worker pool of commands that queue jobs.
import type { PoolShape } from '../jobs/pool-shape';
import { integerFlag } from './integer-flags';

export const POOL_FLAGS = {
  workers: { type: 'string' },
  'threads-per-worker': { type: 'string' },
} as const;

export function poolFlags(values: { workers?: string; 'threads-per-worker'?: string }): Partial<PoolShape> {
  return {
    workers: values.workers === undefined ? undefined : integerFlag('--workers', values.workers, 1),
    threadsPerWorker:
      values['threads-per-worker'] === undefined
        ? undefined
        : integerFlag('--threads-per-worker', values['threads-per-worker'], 1),
  };
}
