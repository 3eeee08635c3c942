// Kill safety: a writer killed with SIGKILL at an arbitrary moment leaves a sound database in which its run
// shows as interrupted and every recorded batch is whole. Delays come from fixed seeds so a failure repeats.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openStore, type RecordedBatch, type Store } from '../../../src-main/store/index';
import { useTempDir } from '../../unit/store/temp-dir';
import { ARRAYS_PER_TRIAL, BATCHES_PER_TRIAL, expectedBatch, IMAGES_PER_BATCH } from './kill-plan';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const writerScript = fileURLToPath(new URL('./kill-writer.ts', import.meta.url));

/** Milliseconds to let the writer run, drawn from the seed (0..250). */
function delayFor(seed: number): number {
  return ((seed * 2654435761) % 2 ** 32) % 251;
}

/** Starts the writer, kills it `delayMs` after its run has started, and returns the run id. */
async function runWriterAndKill(file: string, delayMs: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, file], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  const started = new Promise<string>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
    }),
  );
  const runId = await Promise.race([started, exited.then(() => undefined)]);
  if (runId === undefined) throw new Error(`the writer exited before starting its run:\n${stderr}`);
  await sleep(delayMs);
  child.kill('SIGKILL');
  // 'exit' comes after the child is reaped, so its pid no longer looks alive to markInterrupted.
  expect(await exited, stderr).toBe('SIGKILL');
  return runId;
}

function expectWholeBatches(batches: readonly RecordedBatch[]): void {
  // The writer records batches strictly in sequence, so what survives must be an unbroken prefix.
  batches.forEach((recorded, sequence) => {
    const { kind, trialIndex, batchIndex, images, correctTop1, correctTop5, agreeTop1 } =
      expectedBatch(sequence);
    expect(recorded).toMatchObject({
      kind,
      trialIndex,
      batchIndex,
      images,
      correctTop1,
      correctTop5,
      agreeTop1,
    });
    expect(recorded.recordedAt).toMatch(/Z$/);
  });
}

function expectConsistentRun(store: Store, runId: string): void {
  const run = store.runs.get(runId);
  const progress = store.runs.progress(runId);
  expectWholeBatches(progress.batches);
  const recorded = progress.batches.length;
  expect(run?.imagesDone).toBe(recorded * IMAGES_PER_BATCH);

  const skippedFiles = Array.from({ length: recorded }, (_, sequence) => expectedBatch(sequence).skipped)
    .flat()
    .map((image) => image.file);
  expect(run?.skipped.map((image) => image.file)).toEqual(skippedFiles);

  const completeTrials = Math.floor(recorded / BATCHES_PER_TRIAL);
  for (const trial of progress.trials) {
    expect(trial.trialIndex).toBeLessThan(completeTrials);
    expect(trial.images).toBe(BATCHES_PER_TRIAL * IMAGES_PER_BATCH);
  }
  // The trial summary may lag its last batch by one transaction, never more.
  expect(progress.trials.length).toBeGreaterThanOrEqual(completeTrials - 1);
  for (let trialIndex = 0; trialIndex <= completeTrials; trialIndex += 1) {
    expect([0, ARRAYS_PER_TRIAL]).toContain(store.stats.arrays(runId, trialIndex).length);
  }
}

describe('a writer killed mid-run', () => {
  const tempDir = useTempDir();

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('leaves a sound, resumable database (seed %i)', async (seed) => {
    const file = join(tempDir(), 'studio.db');
    const runId = await runWriterAndKill(file, delayFor(seed));

    const store = openStore(file);
    expect(store.check()).toEqual([]);
    expect(store.runs.get(runId)?.state).toBe('running');
    expect(store.runs.markInterrupted()).toBe(1);
    expect(store.runs.get(runId)?.state).toBe('interrupted');
    expectConsistentRun(store, runId);

    // Resuming replays the last recorded batch harmlessly and carries on after it.
    const recorded = store.runs.progress(runId).batches.length;
    store.runs.start(runId);
    if (recorded > 0) expect(store.runs.recordBatch(runId, expectedBatch(recorded - 1))).toBe(false);
    expect(store.runs.recordBatch(runId, expectedBatch(recorded))).toBe(true);
    expect(store.runs.get(runId)?.imagesDone).toBe((recorded + 1) * IMAGES_PER_BATCH);
    store.close();
  });
});
