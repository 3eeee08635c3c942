// Sweep throughput of the job queue's worker pool on this machine: one worker with all cores' threads against
// one single-threaded worker per core, on the same sweep, alternating, with a warm image cache.
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSweep } from '../src-main/app/sweeps/run-sweep';
import { JobQueue } from '../src-main/app/queue/job-queue';
import type { PoolShape } from '../src-main/jobs/pool-shape';
import { openStore } from '../src-main/store';

const SPEC = {
  name: 'pool throughput',
  images: { count: 300, sample: 'first' },
  calibration: { count: 30 },
  base: { device: { programmingError: { model: 'state-independent', alpha: 0.02 } } },
  axes: [{ path: 'adc.bits', values: [3, 4, 5, 6, 7, 8, 9, 10] }],
  trials: 2,
};
const EVALUATIONS = SPEC.images.count * (1 + SPEC.trials) * SPEC.axes[0].values.length;

export interface PoolThroughput {
  shape: PoolShape;
  imagesPerSecond: number;
}

async function sweepSeconds(shape: PoolShape, cacheDir: string): Promise<number> {
  const store = openStore(join(mkdtempSync(join(tmpdir(), 'cb-pool-')), 'pool.db'));
  const sweep = await createSweep(store, SPEC, 'pool throughput sweep');
  const started = performance.now();
  const queue = new JobQueue(store, { cacheDir, pool: shape });
  const done = await queue.whenDone(queue.submitSweep(sweep.id).id);
  const seconds = (performance.now() - started) / 1000;
  await queue.close();
  store.close();
  if (done.state !== 'finished')
    throw new Error(`the pool bench sweep ${done.state}: ${done.error?.message}`);
  return seconds;
}

/** Alternating runs of each shape (after one warm-up that fills the image cache); the median time of each. */
export async function comparePoolShapes(rounds = 3): Promise<PoolThroughput[]> {
  const cores = availableParallelism();
  const shapes: PoolShape[] = [
    { workers: 1, threadsPerWorker: cores },
    { workers: cores, threadsPerWorker: 1 },
  ];
  const cacheDir = mkdtempSync(join(tmpdir(), 'cb-pool-cache-'));
  await sweepSeconds(shapes[0], cacheDir);
  const times: number[][] = shapes.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, shape] of shapes.entries()) times[i].push(await sweepSeconds(shape, cacheDir));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return shapes.map((shape, i) => ({ shape, imagesPerSecond: EVALUATIONS / median(times[i]) }));
}

export const POOL_SWEEP_DESCRIPTION =
  `a sweep of ${SPEC.axes[0].values.length} points (ADC bits) × ${SPEC.images.count} demo images × ` +
  `(digital + ${SPEC.trials} trials), calibration and worker start-up included`;
