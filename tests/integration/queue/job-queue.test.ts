// The job queue with real worker threads, real onnxruntime and a real SQLite file: progress, cancel, pause and
// resume, parallel workers, and runs continued after their process was killed.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent, JobInfo } from '../../../src-shared/api/api';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { presetConfig } from '../../../src-shared/config/presets';
import type { RunRequest } from '../../../src-main/app/runs/run-request';
import { JobQueue } from '../../../src-main/app/queue/job-queue';
import { openStore, type Store } from '../../../src-main/store';

const CLI = join(import.meta.dirname, '../../../bin/crossbar.js');
const cacheDir = mkdtempSync(join(tmpdir(), 'cb-cache-'));

const open: { queue: JobQueue; store: Store }[] = [];
afterEach(async () => {
  for (const { queue, store } of open.splice(0)) {
    await queue.close();
    store.close();
  }
});

function queueOn(file: string, options: { workers?: number; autoResume?: boolean } = {}) {
  const store = openStore(file);
  const queue = new JobQueue(store, {
    cacheDir,
    pool: { workers: options.workers ?? 1, threadsPerWorker: 1 },
    autoResume: options.autoResume,
  });
  open.push({ queue, store });
  return { queue, store };
}

/** PRIME with programming error, so that its trials differ and all of them are run. */
const noisyPrime = hardwareSchema.parse({
  ...presetConfig('PRIME'),
  device: { ...presetConfig('PRIME').device, programmingError: { model: 'state-independent', alpha: 0.02 } },
});
const freshDb = () => join(mkdtempSync(join(tmpdir(), 'cb-jobs-')), 'jobs.db');

/** A demo run with programming error: analog trials differ, so equal results mean equal random draws. */
const request = (overrides: Partial<RunRequest> = {}): RunRequest => ({
  limit: 600,
  sample: 'stratified',
  seed: 3,
  config: noisyPrime,
  trials: 3,
  calibrationCount: 50,
  statisticsImages: 0,
  ...overrides,
});

function analogTrials(store: Store, runId: string) {
  return store.runs
    .progress(runId)
    .trials.filter((trial) => trial.kind === 'analog')
    .map(({ trialIndex, images, top1, top5, agreementTop1 }) => ({
      trialIndex,
      images,
      top1,
      top5,
      agreementTop1,
    }));
}

function nextEvent(queue: JobQueue, test: (job: JobInfo) => boolean): Promise<JobInfo> {
  return new Promise((resolve) => {
    const stop = queue.subscribe((event: ApiEvent) => {
      if (event.type === 'job' && test(event.job)) {
        stop();
        resolve(event.job);
      }
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('JobQueue', () => {
  it('streams growing progress with phase, trial and ETA, and finishes the stored run', async () => {
    const { queue, store } = queueOn(freshDb());
    const events: JobInfo[] = [];
    queue.subscribe((event) => event.type === 'job' && events.push(event.job));
    const job = queue.submitRun(request({ limit: 200, trials: 2 }));
    const done = await queue.whenDone(job.id);
    expect(done.state).toBe('finished');
    expect(done.runIds).toHaveLength(1);
    const run = store.runs.get(done.runIds[0])!;
    expect(run.state).toBe('finished');
    expect(done.progress.imagesDone).toBe(200 * 3);
    expect(done.progress.imagesTotal).toBe(200 * 3);
    // Progress only grows, and reports the phase and trial of what was evaluated.
    const done1 = events.map((e) => e.progress.imagesDone);
    expect(done1).toEqual([...done1].sort((a, b) => a - b));
    expect(events.some((e) => e.progress.phase === 'analog' && e.progress.trial === 1)).toBe(true);
    expect(events.some((e) => e.progress.etaSeconds !== null)).toBe(true);
  });

  it('cancels a running run: recorded as cancelled with the batches it finished', async () => {
    const { queue, store } = queueOn(freshDb());
    const job = queue.submitRun(request());
    const analog = await nextEvent(queue, (j) => j.progress.phase === 'analog');
    queue.cancel(job.id);
    const done = await queue.whenDone(job.id);
    expect(done.state).toBe('cancelled');
    const run = store.runs.get(analog.runIds[0])!;
    expect(run.state).toBe('cancelled');
    const { batches, trials } = store.runs.progress(run.id);
    expect(trials.filter((t) => t.kind === 'digital')).toHaveLength(1);
    expect(batches.some((b) => b.kind === 'analog')).toBe(true);
    expect(run.imagesDone).toBeLessThan(run.imagesTotal);
  });

  it('pauses a run between batches and resumes it to the results of an uninterrupted run', async () => {
    const { queue, store } = queueOn(freshDb());
    const reference = await queue.whenDone(queue.submitRun(request()).id);

    const job = queue.submitRun(request());
    // Two analog batches reported: how long one takes on this machine now (slower on a busy one).
    const first = await nextEvent(queue, (j) => j.progress.phase === 'analog');
    const started = performance.now();
    await nextEvent(queue, (j) => j.progress.imagesDone > first.progress.imagesDone);
    const batchMs = performance.now() - started;
    expect(queue.pause(job.id).state).toBe('paused');
    await sleep(2 * batchMs + 200); // the batch in flight completes
    const held = queue.get(job.id)!.progress.imagesDone;
    // Held for three batch times (at least 1.5 s): an unpaused run would have reported again.
    await sleep(Math.max(1500, 3 * batchMs));
    expect(queue.get(job.id)!.progress.imagesDone).toBe(held);
    expect(queue.get(job.id)!.state).toBe('paused');
    expect(queue.resume(job.id).state).toBe('running');
    const done = await queue.whenDone(job.id);
    expect(done.state).toBe('finished');
    expect(analogTrials(store, done.runIds[0])).toEqual(analogTrials(store, reference.runIds[0]));
    // Two runs of 600 images and a pause: about 20 s on an idle 2-core machine.
  }, 120_000);

  it("fails a run whose results the store refuses, keeping what it stored and naming the store's error", async () => {
    const store = openStore(freshDb());
    let batches = 0;
    // The third batch finds the disk full.
    const refusing: Store = {
      ...store,
      runs: {
        ...store.runs,
        recordBatch: (runId, batch) => {
          if (++batches === 3) throw new Error('disk I/O error (disk full)');
          return store.runs.recordBatch(runId, batch);
        },
      },
    };
    const queue = new JobQueue(refusing, { cacheDir, pool: { workers: 1, threadsPerWorker: 1 } });
    open.push({ queue, store });
    const done = await queue.whenDone(queue.submitRun(request({ config: null, limit: 200 })).id);
    expect(done.state).toBe('failed');
    expect(done.error).toEqual({
      code: 'store',
      message: "the run's results could not be stored: disk I/O error (disk full)",
    });
    const run = store.runs.get(done.runIds[0])!;
    expect(run.state).toBe('failed');
    expect(store.runs.progress(run.id).batches).toHaveLength(2);
  });

  it('runs two queued runs at once on two workers', async () => {
    const { queue } = queueOn(freshDb(), { workers: 2 });
    const a = queue.submitRun(request({ limit: 300 }));
    const b = queue.submitRun(request({ limit: 300, seed: 4 }));
    await nextEvent(queue, () => queue.list().every((j) => j.state === 'running'));
    const states = await Promise.all([queue.whenDone(a.id), queue.whenDone(b.id)]);
    expect(states.map((s) => s.state)).toEqual(['finished', 'finished']);
  });

  it('offers, or resumes by itself, a run whose process was killed, ending with the uninterrupted results', async () => {
    const killedDb = freshDb();
    const config = join(mkdtempSync(join(tmpdir(), 'cb-config-')), 'noisy-prime.json');
    writeFileSync(config, JSON.stringify(noisyPrime));
    const args = [...'run --trials 3 --limit 600 --seed 3 --config'.split(' '), config, '--db', killedDb];
    const child = spawn(process.execPath, [CLI, ...args, '--calibration', '50', '--stats-images', '0'], {
      env: { ...process.env, XDG_CACHE_HOME: cacheDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (/analog trial 2/.test(chunk.toString())) resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    // A copy of the killed file (with its write-ahead log) for the queue that resumes by itself.
    const autoDb = freshDb();
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(killedDb + suffix)) copyFileSync(killedDb + suffix, autoDb + suffix);
    }

    const { queue, store } = queueOn(killedDb);
    const { runs } = queue.interrupted();
    expect(runs).toHaveLength(1);
    const killed = runs[0];
    const kept = analogTrials(store, killed.id);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    const done = await queue.whenDone(queue.resumeRun(killed.id).id);
    expect(done.state).toBe('finished');
    expect(store.runs.get(killed.id)!.state).toBe('finished');
    const resumed = analogTrials(store, killed.id);
    expect(resumed.slice(0, kept.length)).toEqual(kept);

    const reference = await queue.whenDone(queue.submitRun(request()).id);
    expect(resumed).toEqual(analogTrials(store, reference.runIds[0]));
    expect(queue.interrupted().runs).toEqual([]);

    const auto = queueOn(autoDb, { autoResume: true });
    const [autoJob] = auto.queue.list();
    expect(autoJob.runIds).toEqual([killed.id]);
    expect((await auto.queue.whenDone(autoJob.id)).state).toBe('finished');
    expect(analogTrials(auto.store, killed.id)).toEqual(resumed);
    // A killed CLI run and two resumed ones: about 30 s on an idle 2-core machine.
  }, 150_000);
});
