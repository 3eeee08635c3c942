// Runs: creation, listing, the state machine, and recording batches and trials as a run goes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  currentOwner,
  isFinished,
  LIFECYCLE_STATES,
  openStore,
  type Store,
} from '../../../src-main/store/index';
import { expectStoreError } from './assertions';
import { batch, createRun, seedCatalog, type Catalog } from './fixtures';

let store: Store;
let catalog: Catalog;
beforeEach(() => {
  store = openStore(':memory:');
  catalog = seedCatalog(store);
});
afterEach(() => store.close());

function startedRun() {
  return store.runs.start(createRun(store, catalog).id);
}

describe('runs', () => {
  it('are created queued with a sortable 20-character id', () => {
    const run = createRun(store, catalog, { config: null });
    expect(run).toMatchObject({
      state: 'queued',
      config: null,
      params: { batchSize: 10 },
      imagesTotal: 100,
      imagesDone: 0,
      skipped: [],
      owner: null,
      startedAt: null,
    });
    expect(run.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    const ids = Array.from({ length: 50 }, () => createRun(store, catalog).id);
    expect([...ids].sort()).toEqual(ids);
    expect(store.runs.get(run.id)).toEqual(run);
  });

  it('list newest first, filtered by project, sweep and state, with a limit', () => {
    const first = createRun(store, catalog);
    const second = store.runs.start(createRun(store, catalog).id);
    const other = store.projects.create('other');
    expect(store.runs.list().map((run) => run.id)).toEqual([second.id, first.id]);
    expect(store.runs.list({ state: 'running' }).map((run) => run.id)).toEqual([second.id]);
    expect(store.runs.list({ projectId: other.id })).toEqual([]);
    expect(store.runs.list({ limit: 1 }).map((run) => run.id)).toEqual([second.id]);
    const sweep = store.sweeps.create({ projectId: catalog.project.id, name: 's', spec: {} });
    const inSweep = createRun(store, catalog, { sweepPoint: { sweepId: sweep.id, point: { bits: 4 } } });
    expect(store.runs.list({ sweepId: sweep.id }).map((run) => run.id)).toEqual([inSweep.id]);
  });

  it('start records this process as owner and the start time', () => {
    const run = startedRun();
    expect(run.state).toBe('running');
    expect(run.owner).toMatchObject({ pid: process.pid });
    expect(run.startedAt).not.toBeNull();
  });

  it('finish, fail and cancel end a run; finished runs cannot change again', () => {
    const finished = store.runs.finish(startedRun().id);
    expect(finished).toMatchObject({ state: 'finished' });
    expect(finished.finishedAt).not.toBeNull();

    const failed = store.runs.fail(startedRun().id, 'model produced NaN');
    expect(failed).toMatchObject({ state: 'failed', error: 'model produced NaN' });

    const cancelled = store.runs.cancel(createRun(store, catalog).id);
    expect(cancelled.state).toBe('cancelled');

    for (const run of [finished, failed, cancelled]) {
      expectStoreError(() => store.runs.start(run.id), 'invalid-state');
      expectStoreError(() => store.runs.cancel(run.id), 'invalid-state');
    }
    const error = expectStoreError(() => store.runs.finish(createRun(store, catalog).id), 'invalid-state');
    expect(error.message).toMatch(/cannot finish run \w+: it is queued \(finish needs running\)/);
  });

  it('resuming an interrupted run keeps its first start time', () => {
    // Same pid as this process but another token: the process that started it is gone.
    const earlierProcess = { ...currentOwner(), token: 'an earlier process' };
    const run = store.runs.start(createRun(store, catalog).id, earlierProcess);
    expect(store.runs.markInterrupted()).toBe(1);
    expect(store.runs.get(run.id)?.state).toBe('interrupted');
    const resumed = store.runs.start(run.id);
    expect(resumed.state).toBe('running');
    expect(resumed.startedAt).toBe(run.startedAt);
  });

  it('reports an unknown run', () => {
    expect(store.runs.get('nope')).toBeUndefined();
    expect(expectStoreError(() => store.runs.start('nope'), 'not-found').message).toBe(
      'run nope does not exist',
    );
    expectStoreError(() => store.runs.progress('nope'), 'not-found');
    expectStoreError(() => store.runs.delete('nope'), 'not-found');
  });

  it('delete removes the run and what it recorded', () => {
    const run = startedRun();
    store.runs.recordBatch(run.id, batch());
    store.runs.delete(run.id);
    expect(store.runs.get(run.id)).toBeUndefined();
    expect(store.check()).toEqual([]);
  });

  it('isFinished holds for the terminal states only', () => {
    expect(LIFECYCLE_STATES.filter(isFinished)).toEqual(['cancelled', 'failed', 'finished']);
  });
});

describe('recording batches', () => {
  it('adds each batch once, however often it is recorded', () => {
    const run = startedRun();
    expect(store.runs.recordBatch(run.id, batch())).toBe(true);
    expect(store.runs.recordBatch(run.id, batch())).toBe(false);
    expect(store.runs.recordBatch(run.id, batch({ correctTop1: 0 }))).toBe(false);
    expect(store.runs.recordBatch(run.id, batch({ batchIndex: 1 }))).toBe(true);
    expect(store.runs.recordBatch(run.id, batch({ kind: 'analog' }))).toBe(true);
    const progress = store.runs.progress(run.id);
    expect(progress.imagesDone).toBe(30);
    expect(store.runs.get(run.id)?.imagesDone).toBe(30);
    expect(progress.batches.map((entry) => [entry.kind, entry.trialIndex, entry.batchIndex])).toEqual([
      ['digital', 0, 0],
      ['digital', 0, 1],
      ['analog', 0, 0],
    ]);
    expect(progress.batches[0]).toMatchObject({ correctTop1: 7, correctTop5: 9, agreeTop1: null });
  });

  it('keeps each skipped image once, with the first reason', () => {
    const run = startedRun();
    store.runs.recordBatch(run.id, batch({ skipped: [{ file: 'a.png', reason: 'truncated' }] }));
    store.runs.recordBatch(
      run.id,
      batch({
        kind: 'analog',
        skipped: [
          { file: 'a.png', reason: 'again' },
          { file: 'b.png', reason: 'not an image' },
        ],
      }),
    );
    expect(store.runs.get(run.id)?.skipped).toEqual([
      { file: 'a.png', reason: 'truncated' },
      { file: 'b.png', reason: 'not an image' },
    ]);
  });

  it('refuses results for a run that is not running', () => {
    const queued = createRun(store, catalog);
    expectStoreError(() => store.runs.recordBatch(queued.id, batch()), 'invalid-state');
    const cancelled = store.runs.cancel(startedRun().id);
    const error = expectStoreError(() => store.runs.recordBatch(cancelled.id, batch()), 'invalid-state');
    expect(error.message).toBe(`cannot record results for run ${cancelled.id}: it is cancelled`);
    expect(store.runs.progress(cancelled.id).batches).toEqual([]);
  });

  it('refuses impossible counts and leaves the run untouched', () => {
    const run = startedRun();
    expectStoreError(() => store.runs.recordBatch(run.id, batch({ correctTop1: 11 })), 'constraint');
    expectStoreError(() => store.runs.recordBatch(run.id, batch({ correctTop5: 5 })), 'constraint');
    expectStoreError(() => store.runs.recordBatch(run.id, batch({ agreeTop1: 12 })), 'constraint');
    expect(store.runs.get(run.id)?.imagesDone).toBe(0);
  });
});

describe('finishing trials', () => {
  it('summarises a trial from its batches, recomputing when finished again', () => {
    const run = startedRun();
    store.runs.recordBatch(run.id, batch({ kind: 'analog', trialIndex: 2, agreeTop1: 8 }));
    store.runs.recordBatch(
      run.id,
      batch({ kind: 'analog', trialIndex: 2, batchIndex: 1, correctTop1: 5, correctTop5: 10, agreeTop1: 6 }),
    );
    const trial = store.runs.finishTrial(run.id, { kind: 'analog', trialIndex: 2 });
    expect(trial).toMatchObject({ kind: 'analog', trialIndex: 2, images: 20, top1: 0.6, top5: 0.95 });
    expect(trial.agreementTop1).toBeCloseTo(0.7);

    store.runs.recordBatch(run.id, batch({ kind: 'analog', trialIndex: 2, batchIndex: 2, agreeTop1: 10 }));
    expect(store.runs.finishTrial(run.id, { kind: 'analog', trialIndex: 2 }).images).toBe(30);
    expect(store.runs.progress(run.id).trials).toHaveLength(1);
  });

  it('leaves agreement unknown unless every batch measured it', () => {
    const run = startedRun();
    store.runs.recordBatch(run.id, batch({ kind: 'analog', agreeTop1: 8 }));
    store.runs.recordBatch(run.id, batch({ kind: 'analog', batchIndex: 1 }));
    expect(store.runs.finishTrial(run.id, { kind: 'analog', trialIndex: 0 }).agreementTop1).toBeNull();
  });

  it('lists the digital reference before analog trials', () => {
    const run = startedRun();
    store.runs.recordBatch(run.id, batch({ kind: 'analog' }));
    store.runs.recordBatch(run.id, batch());
    store.runs.finishTrial(run.id, { kind: 'analog', trialIndex: 0 });
    store.runs.finishTrial(run.id, { kind: 'digital', trialIndex: 0 });
    expect(store.runs.progress(run.id).trials.map((trial) => trial.kind)).toEqual(['digital', 'analog']);
  });

  it('refuses a trial with no recorded images', () => {
    const run = startedRun();
    const error = expectStoreError(
      () => store.runs.finishTrial(run.id, { kind: 'analog', trialIndex: 3 }),
      'invalid-state',
    );
    expect(error.message).toBe(`cannot finish run ${run.id} analog trial 3: no images recorded`);
  });
});
